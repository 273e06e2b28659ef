package vn.communeradio.hal.clock;

/**
 * The monotonic clock timers and durations count on: {@link System#nanoTime()} on a station, a simulated one in
 * tests and demos. Never jumps with the wall clock.
 */
@FunctionalInterface
public interface Ticker {

    Ticker SYSTEM = System::nanoTime;

    /** Nanoseconds from an arbitrary origin; only differences mean anything. */
    long nanos();
}
