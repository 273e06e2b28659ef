package vn.communeradio.hal.watchdog;

/**
 * A watchdog that restarts the board (or the service) unless it is kicked regularly. The control loop kicks it
 * only while it is alive, so a hung loop ends in a restart.
 */
public interface Watchdog extends AutoCloseable {

    /** Proves liveness; cheap, called from the control loop. */
    void kick();

    String description();

    /** Disarms the watchdog where the device allows it (an orderly stop must not reboot the board). */
    @Override
    void close();

    /** No watchdog: development machines and tests. */
    Watchdog NONE = new Watchdog() {
        @Override
        public void kick() {
        }

        @Override
        public String description() {
            return "none";
        }

        @Override
        public void close() {
        }
    };
}
