package vn.communeradio.gateway.retry;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with "full jitter" between connection attempts: when a province's broker comes back,
 * its thousands of stations spread their reconnects over the whole window instead of arriving together.
 */
public final class Backoff {

    private final long baseMillis;
    private final long maxMillis;
    private final RandomGenerator random;
    private int attempt;

    public Backoff(Duration base, Duration max, RandomGenerator random) {
        this.baseMillis = base.toMillis();
        this.maxMillis = max.toMillis();
        this.random = random;
    }

    /** The wait before the next attempt: uniform in [ceiling/2, ceiling], ceiling = min(max, base·2^attempt). */
    public Duration next() {
        long ceiling = Math.min(maxMillis, baseMillis << Math.min(attempt, 30));
        attempt++;
        long half = ceiling / 2;
        return Duration.ofMillis(half + (half > 0 ? random.nextLong(half + 1) : 0));
    }

    public void reset() {
        attempt = 0;
    }
}
