package vn.communeradio.gateway.control;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.tinylog.Logger;
import vn.communeradio.hal.gpio.RelayOutputs;

/**
 * Keeps every relay at least a minimum interval between two switchings, whatever commands arrive: a flood of
 * {@code play}/{@code stop} cannot make contactors chatter (they wear, and an amplifier switched on and off
 * quickly thumps the horns). A change asked for too soon is applied when the interval has passed, with the last
 * wish winning; {@link #isOn} is what the service decided, {@link #settleDelay} when the hardware will follow.
 * It is also the safety net of a relay left on: past the maximum continuous on-time the owner is told to end
 * things properly, and a relay still on {@link #GRACE} later is switched off here. Control loop only.
 */
final class RelayGuard implements RelayOutputs {

    /** How often the on-times are checked: the cap is kept to within this. */
    static final Duration CHECK_PERIOD = Duration.ofMillis(500);
    /** Time the owner has to end things through its normal sequence before a relay is forced off. */
    static final Duration GRACE = Duration.ofSeconds(10);

    private final RelayOutputs relays;
    private final ControlLoop loop;
    private final long minNanos;
    private final long maxOnNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Long> lastChange = new HashMap<>();
    private final Map<String, Long> onSince = new HashMap<>();
    private final Map<String, Boolean> overLimitTold = new HashMap<>();
    private BiConsumer<String, Duration> onTooLong = (channel, on) -> { };
    private final Map<String, Boolean> wanted = new HashMap<>();
    private final Map<String, ControlLoop.Timer> pending = new HashMap<>();

    RelayGuard(RelayOutputs relays, ControlLoop loop, Duration minInterval, Duration maxOn, LongSupplier nanoTime) {
        this.relays = relays;
        this.loop = loop;
        this.minNanos = minInterval.toNanos();
        this.maxOnNanos = maxOn.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Who ends things properly when a relay has been on for the maximum time (channel, how long it was on). */
    void whenOnTooLong(BiConsumer<String, Duration> listener) {
        onTooLong = listener;
    }

    /** Starts the periodic on-time check; on the loop thread. */
    void startOnTimeChecks() {
        loop.every(CHECK_PERIOD, this::enforceMaxOnTime);
    }

    /**
     * The maximum continuous on-time: the owner is told once per on-period (for the relay on longest), and a
     * relay still on {@link #GRACE} after the maximum is switched off here, interval or not.
     */
    void enforceMaxOnTime() {
        loop.assertOnLoop();
        String longest = null;
        long longestOn = 0;
        for (String channel : relays.channels()) {
            long on = onNanos(channel);
            if (on < maxOnNanos) {
                continue;
            }
            if (on >= maxOnNanos + GRACE.toNanos()) {
                Logger.error("relay {} still on {} s after its maximum on-time of {} s (relay.max_on_s): "
                        + "forced off", channel, GRACE.toSeconds(), Duration.ofNanos(maxOnNanos).toSeconds());
                cancel(channel);
                wanted.put(channel, false);
                apply(channel);
            } else if (overLimitTold.putIfAbsent(channel, true) == null && on > longestOn) {
                longest = channel;
                longestOn = on;
            }
        }
        if (longest != null) {
            onTooLong.accept(longest, Duration.ofNanos(longestOn));
        }
    }

    /** The shortest time between two switchings of one relay. */
    Duration minInterval() {
        return Duration.ofNanos(minNanos);
    }

    /** How long {@code channel}'s contact has been closed without a break; zero when it is open. */
    Duration onFor(String channel) {
        return Duration.ofNanos(onNanos(channel));
    }

    private long onNanos(String channel) {
        Long since = onSince.get(channel);
        return since == null ? 0 : nanoTime.getAsLong() - since;
    }

    @Override
    public List<String> channels() {
        return relays.channels();
    }

    @Override
    public void set(String channel, boolean on) {
        loop.assertOnLoop();
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
            long now = nanoTime.getAsLong();
            lastChange.put(channel, now);
            if (on) {
                onSince.put(channel, now);
            } else {
                onSince.remove(channel);
                overLimitTold.remove(channel);
            }
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
        onSince.clear();
        overLimitTold.clear();
    }

    @Override
    public void close() {
        allOff();
        relays.close();
    }
}
