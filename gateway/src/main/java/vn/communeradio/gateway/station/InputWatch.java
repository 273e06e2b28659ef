package vn.communeradio.gateway.station;

import java.util.Map;
import org.tinylog.Logger;
import vn.communeradio.hal.gpio.DigitalInputs;

/**
 * The digital inputs (mains, door, amplifier fault), polled on the control loop: GPIO edge events would need a
 * thread per provider for a once-a-day change. A change is logged and published in the state at once.
 */
final class InputWatch implements Runnable {

    private final DigitalInputs inputs;
    private final Runnable publishState;
    private Map<String, Boolean> last;

    InputWatch(DigitalInputs inputs, Runnable publishState) {
        this.inputs = inputs;
        this.publishState = publishState;
    }

    /** One look, on the control loop. */
    @Override
    public void run() {
        Map<String, Boolean> now = inputs.read();
        if (now.equals(last)) {
            return;
        }
        if (last != null) {
            now.forEach((name, active) -> {
                if (!active.equals(last.get(name))) {
                    Logger.info("input {} is now {}", name, active ? "active" : "inactive");
                }
            });
            publishState.run();
        }
        last = now;
    }
}
