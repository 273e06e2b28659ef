package vn.communeradio.tests.support;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import vn.communeradio.hal.clock.Ticker;

/**
 * The real monotonic clock, which a test can move ahead: with a wall clock running on it
 * ({@code Clocks.startingAt}), a station in the test's JVM lives a minute in a moment. Its control loop sees the
 * jump at its next turn (within a second); the audio output keeps real time.
 */
public final class MovableTicker implements Ticker {

    private final AtomicLong skipped = new AtomicLong();

    @Override
    public long nanos() {
        return System.nanoTime() + skipped.get();
    }

    /** Moves time ahead by {@code d}, at once. */
    public void skip(Duration d) {
        skipped.addAndGet(d.toNanos());
    }
}
