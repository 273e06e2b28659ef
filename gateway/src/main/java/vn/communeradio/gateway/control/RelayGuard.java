package vn.communeradio.gateway.control;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import vn.communeradio.hal.gpio.RelayOutputs;

/**
 * Keeps every relay at least a minimum interval between two switchings, whatever commands arrive: a flood of
 * {@code play}/{@code stop} cannot make contactors chatter (they wear, and an amplifier switched on and off
 * quickly thumps the horns). A change asked for too soon is applied when the interval has passed, with the last
 * wish winning; {@link #isOn} is what the service decided, {@link #settleDelay} when the hardware will follow.
 * Control loop only.
 */
final class RelayGuard implements RelayOutputs {

    private final RelayOutputs relays;
    private final ControlLoop loop;
    private final long minNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Long> lastChange = new HashMap<>();
    private final Map<String, Boolean> wanted = new HashMap<>();
    private final Map<String, ControlLoop.Timer> pending = new HashMap<>();

    RelayGuard(RelayOutputs relays, ControlLoop loop, Duration minInterval, LongSupplier nanoTime) {
        this.relays = relays;
        this.loop = loop;
        this.minNanos = minInterval.toNanos();
        this.nanoTime = nanoTime;
    }

    @Override
    public List<String> channels() {
        return relays.channels();
    }

    @Override
    public void set(String channel, boolean on) {
        wanted.put(channel, on);
        if (relays.isOn(channel) == on) {
            cancel(channel);
            return;
        }
        long wait = waitNanos(channel);
        if (wait <= 0) {
            apply(channel);
        } else if (!pending.containsKey(channel)) {
            pending.put(channel, loop.schedule(Duration.ofNanos(wait), () -> {
                pending.remove(channel);
                apply(channel);
            }));
        }
    }

    private void apply(String channel) {
        boolean on = wanted.getOrDefault(channel, false);
        if (relays.isOn(channel) != on) {
            relays.set(channel, on);
            lastChange.put(channel, nanoTime.getAsLong());
        }
    }

    private long waitNanos(String channel) {
        Long last = lastChange.get(channel);
        return last == null ? 0 : last + minNanos - nanoTime.getAsLong();
    }

    /** How long until the hardware matches what was decided for {@code channel}; zero when it does. */
    Duration settleDelay(String channel) {
        if (relays.isOn(channel) == wanted.getOrDefault(channel, relays.isOn(channel))) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(Math.max(0, waitNanos(channel)));
    }

    private void cancel(String channel) {
        ControlLoop.Timer timer = pending.remove(channel);
        if (timer != null) {
            timer.cancel();
        }
    }

    @Override
    public boolean isOn(String channel) {
        return wanted.getOrDefault(channel, relays.isOn(channel));
    }

    /** Off now, interval or not: used when stopping, where safety beats contact wear. */
    @Override
    public void allOff() {
        pending.values().forEach(ControlLoop.Timer::cancel);
        pending.clear();
        relays.channels().forEach(c -> wanted.put(c, false));
        relays.allOff();
    }

    @Override
    public void close() {
        allOff();
        relays.close();
    }
}
