package vn.communeradio.hal.clock;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The station's two clocks: the wall clock (what acks, the broadcast log and schedules read) and the ticker (what
 * timers and durations count). On a station both are the system's; a simulated station ({@code hal.clock=sim:...})
 * gets a wall clock that starts at a chosen instant and runs at the real rate, so that a demo or a test need not
 * wait for a real minute boundary.
 */
public record Clocks(Clock wall, Ticker ticker) {

    public static final Clocks SYSTEM = new Clocks(Clock.systemUTC(), Ticker.SYSTEM);

    /** A wall clock reading {@code start} now and running on {@code ticker} from there. */
    public static Clocks startingAt(Instant start, Ticker ticker) {
        return new Clocks(new Running(start.toEpochMilli(), ticker.nanos(), ticker, ZoneOffset.UTC), ticker);
    }

    /** A wall clock that advances with a ticker from a fixed instant. */
    private static final class Running extends Clock {
        private final long startMillis;
        private final long originNanos;
        private final Ticker ticker;
        private final ZoneId zone;

        Running(long startMillis, long originNanos, Ticker ticker, ZoneId zone) {
            this.startMillis = startMillis;
            this.originNanos = originNanos;
            this.ticker = ticker;
            this.zone = zone;
        }

        @Override
        public long millis() {
            return startMillis + Math.floorDiv(ticker.nanos() - originNanos, 1_000_000L);
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId other) {
            return new Running(startMillis, originNanos, ticker, other);
        }
    }
}
