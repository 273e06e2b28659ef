package vn.communeradio.gateway.control;

import java.time.Duration;
import vn.communeradio.hal.clock.Ticker;

/**
 * Time moved by hand for a {@linkplain ControlLoop#drivenBy driven} loop: a ticker, and the wall clock that goes
 * with it, which advance only when a test says so, running every timer due on the way at its own time.
 */
final class ManualTime implements Ticker {

    /** Where the wall clock starts: 2025-06-02 07:00 in Ha Noi, a Monday. */
    static final long START_MILLIS = 1_748_822_400_000L;

    private long nanos = 1_000_000_000L;
    private final long originNanos = nanos;

    @Override
    public long nanos() {
        return nanos;
    }

    /** The wall clock: epoch milliseconds. */
    long millis() {
        return START_MILLIS + (nanos - originNanos) / 1_000_000;
    }

    /** Moves time on by {@code d}, stopping at each timer's deadline to run what is due then. */
    void advance(ControlLoop loop, Duration d) {
        long end = nanos + d.toNanos();
        loop.runDue();
        while (true) {
            long next = loop.nextDueNanos();
            if (next == Long.MAX_VALUE || nanos + next > end) {
                break;
            }
            nanos += next;
            loop.runDue();
        }
        nanos = end;
        loop.runDue();
    }
}
