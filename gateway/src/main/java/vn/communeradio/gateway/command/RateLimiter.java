package vn.communeradio.gateway.command;

import java.util.function.LongSupplier;

/**
 * Token bucket in front of signature checks (and of rejection acks): {@code perSecond} tokens a second, bursts of twice that. Integer
 * nanosecond arithmetic: no drift, no floating point.
 */
public final class RateLimiter {

    private final long nanosPerToken;
    private final long capacityNanos;
    private final LongSupplier nanoTime;
    private long credit;
    private long last;

    public RateLimiter(int perSecond, LongSupplier nanoTime) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("rate must be at least 1 per second, got " + perSecond);
        }
        this.nanosPerToken = 1_000_000_000L / perSecond;
        this.capacityNanos = nanosPerToken * 2L * perSecond;
        this.nanoTime = nanoTime;
        this.last = nanoTime.getAsLong();
        this.credit = capacityNanos;
    }

    /** Takes a token if there is one. */
    public synchronized boolean tryAcquire() {
        long now = nanoTime.getAsLong();
        long elapsed = now - last;
        last = now;
        if (elapsed > 0) {
            credit = elapsed >= capacityNanos - credit ? capacityNanos : credit + elapsed;
        }
        if (credit < nanosPerToken) {
            return false;
        }
        credit -= nanosPerToken;
        return true;
    }
}
