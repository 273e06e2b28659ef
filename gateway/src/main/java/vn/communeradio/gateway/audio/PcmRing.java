package vn.communeradio.gateway.audio;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/** Lock-free single-producer/single-consumer ring of interleaved float samples (decoder thread -> audio callback). */
public final class PcmRing {

    private static final VarHandle WRITTEN;
    private static final VarHandle READ;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            WRITTEN = lookup.findVarHandle(PcmRing.class, "written", long.class);
            READ = lookup.findVarHandle(PcmRing.class, "read", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final float[] samples;
    private final int mask;
    /*
     * Running totals, never wrapped: a long at 96 kHz × 2 channels lasts ~1.5 million years. Each side owns one
     * and publishes it with a release store after touching the samples; the other side reads it with an acquire
     * load before touching them, so sample writes happen-before the reads that see them and vice versa.
     */
    @SuppressWarnings("unused") // accessed through WRITTEN
    private long written;
    @SuppressWarnings("unused") // accessed through READ
    private long read;

    public PcmRing(int capacitySamples) {
        int capacity = capacityFor(capacitySamples);
        samples = new float[capacity];
        mask = capacity - 1;
    }

    /** The capacity a ring asked for {@code capacitySamples} has: the next power of two. */
    public static int capacityFor(int capacitySamples) {
        if (capacitySamples < 1 || capacitySamples > 1 << 30) {
            throw RealTimeFailures.ringCapacity(capacitySamples);
        }
        int capacity = Integer.highestOneBit(capacitySamples);
        return capacity < capacitySamples ? capacity << 1 : capacity;
    }

    public int capacity() {
        return samples.length;
    }

    /** Samples readable now. From a third thread it is a snapshot that may be stale by the time it returns. */
    public int available() {
        // read index first: the write index can only be ahead of it, so the difference is never negative
        long r = (long) READ.getAcquire(this);
        long w = (long) WRITTEN.getAcquire(this);
        return (int) Math.min(w - r, samples.length);
    }

    /** Samples writable now. */
    public int space() {
        return samples.length - available();
    }

    /** Producer only: copies up to {@code count} samples, as many as fit; returns how many. */
    public int write(float[] src, int offset, int count) {
        checkRange(src.length, offset, count);
        long w = (long) WRITTEN.getOpaque(this); // our own index
        long r = (long) READ.getAcquire(this);
        int n = Math.min(count, samples.length - (int) (w - r));
        if (n <= 0) {
            return 0;
        }
        int at = (int) w & mask;
        int first = Math.min(n, samples.length - at);
        System.arraycopy(src, offset, samples, at, first);
        System.arraycopy(src, offset + first, samples, 0, n - first);
        WRITTEN.setRelease(this, w + n);
        return n;
    }

    /** Consumer only: copies up to {@code count} samples out, as many as are there; returns how many. */
    public int read(float[] dst, int offset, int count) {
        checkRange(dst.length, offset, count);
        long r = (long) READ.getOpaque(this);
        int n = Math.min(count, (int) ((long) WRITTEN.getAcquire(this) - r));
        if (n <= 0) {
            return 0;
        }
        int at = (int) r & mask;
        int first = Math.min(n, samples.length - at);
        System.arraycopy(samples, at, dst, offset, first);
        System.arraycopy(samples, 0, dst, offset + first, n - first);
        READ.setRelease(this, r + n);
        return n;
    }

    /** Consumer only: discards up to {@code count} samples (drift correction, catching up); returns how many. */
    public int skip(int count) {
        if (count < 0) {
            throw RealTimeFailures.negativeCount(count);
        }
        long r = (long) READ.getOpaque(this);
        int n = Math.min(count, (int) ((long) WRITTEN.getAcquire(this) - r));
        if (n <= 0) {
            return 0;
        }
        READ.setRelease(this, r + n);
        return n;
    }

    /** Empties the ring; only while neither side runs (the thread start/join that follows publishes it). */
    public void clear() {
        READ.setRelease(this, 0L);
        WRITTEN.setRelease(this, 0L);
    }

    private static void checkRange(int length, int offset, int count) {
        Objects.checkFromIndexSize(offset, count, length); // no message of ours: see RealTimeFailures
    }
}
