package vn.communeradio.gateway.supervision;

import java.util.Map;
import org.tinylog.Logger;
import vn.communeradio.gateway.control.ControlLoop;
import vn.communeradio.hal.audio.AudioOutput;

/**
 * What the service tells systemd (when it runs under it: {@code NOTIFY_SOCKET}): ready once the control loop turns
 * and the audio output is open, then the watchdog's pings while both stay alive, its status in words, and that it
 * is stopping. Without systemd every call does nothing.
 */
public final class ServiceManager implements AutoCloseable {

    private final SystemdNotifier notifier;
    private final Map<String, String> environment;
    private SystemdWatchdog watchdog;
    private boolean closed;

    public ServiceManager(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
        this.notifier = SystemdNotifier.fromEnvironment(environment).orElse(null);
    }

    /**
     * The station is up: systemd may consider the start done, and its watchdog is pinged from now on while the loop
     * and the audio output stay alive. Not waiting for the broker: offline, the station still plays its schedule.
     */
    public void ready(String station, ControlLoop loop, AudioOutput audio) {
        if (notifier == null) {
            return;
        }
        notifier.send("READY=1\nSTATUS=station " + station + " running");
        SystemdWatchdog.period(environment, ProcessHandle.current().pid()).ifPresent(period -> {
            synchronized (this) {
                if (!closed) {
                    watchdog = new SystemdWatchdog(notifier, Liveness.of(loop, audio), period);
                    watchdog.start();
                }
            }
        });
    }

    /** A line for {@code systemctl status}. */
    public void status(String words) {
        if (notifier != null) {
            notifier.send("STATUS=" + words);
        }
    }

    /** Stopping: the watchdog stops first (stopping is not hanging), then systemd is told. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (watchdog != null) {
                watchdog.close();
            }
        }
        if (notifier != null) {
            notifier.send("STOPPING=1");
            Logger.debug("systemd told STOPPING=1");
        }
    }
}
