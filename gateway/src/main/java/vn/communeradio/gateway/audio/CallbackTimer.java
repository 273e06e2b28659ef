package vn.communeradio.gateway.audio;

/**
 * Histogram of how long each audio callback took, in 10 µs steps up to 20 ms: written by the callback thread
 * without allocating or locking, read by anyone (a reader may see a count one callback stale, which a report
 * tolerates).
 */
public final class CallbackTimer {

    static final int STEP_NANOS = 10_000;
    static final int BUCKETS = 2_000;

    private final long[] counts = new long[BUCKETS + 1];
    private volatile long total;
    private volatile long maxNanos;

    /** Callback thread only. */
    public void record(long nanos) {
        int bucket = (int) Math.min(BUCKETS, Math.max(0, nanos) / STEP_NANOS);
        counts[bucket]++;
        if (nanos > maxNanos) {
            maxNanos = nanos;
        }
        total = total + 1;
    }

    public long count() {
        return total;
    }

    public long maxNanos() {
        return maxNanos;
    }

    /**
     * The callback duration below which {@code fraction} of callbacks fell (upper edge of its 10 µs bucket), in
     * nanoseconds; 0 before any callback.
     */
    public long percentileNanos(double fraction) {
        long n = total;
        if (n == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(fraction * n);
        long seen = 0;
        for (int i = 0; i <= BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return i == BUCKETS ? maxNanos : (i + 1L) * STEP_NANOS;
            }
        }
        return maxNanos;
    }
}
