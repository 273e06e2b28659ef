package vn.communeradio.gateway.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The hot methods run on the audio callback and the decoder thread: after warm-up they must not allocate at all.
 * Measured with the JVM's per-thread allocation counter, read once before and once after the loop.
 */
class AllocationTest {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final int ROUNDS = 2000;

    private final Resampler resampler = new Resampler(2);
    private final Limiter limiter = new Limiter(2, 48000);
    private final PcmRing ring = new PcmRing(16384);
    private final float[] in = Signals.sine(440, 0.9, 44100, 5760, 2);
    private final float[] out = new float[12000 * 2];
    private final float[] loud = Signals.sine(440, 3.0, 48000, 1024, 2);
    /** Call sizes and drift factors, prepared up front so the loop itself has nothing to box or build. */
    private final int[] sizes = new int[ROUNDS];
    private final double[] drifts = new double[ROUNDS];
    private float[] garbage;

    AllocationTest() {
        resampler.configure(44100, 48000);
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < ROUNDS; i++) {
            sizes[i] = i % 50 == 0 ? 5760 : 1 + random.nextInt(1024);
            drifts[i] = 0.97 + 0.06 * random.nextDouble();
        }
    }

    private void hotPaths() {
        for (int i = 0; i < ROUNDS; i++) {
            if (i % 7 == 0) {
                resampler.setDrift(drifts[i]);
            }
            int frames = resampler.process(in, sizes[i], out);
            limiter.process(out, Math.min(frames, 1024));
            System.arraycopy(loud, 0, out, 0, loud.length);
            limiter.process(out, 1024);
            int written = ring.write(out, 0, Math.min(frames * 2, ring.space()));
            ring.read(out, 0, written / 2);
            ring.skip(written - written / 2);
        }
    }

    private void allocating() {
        for (int i = 0; i < ROUNDS; i++) {
            garbage = new float[sizes[i]];
        }
    }

    private static long allocatedBytes() {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    @Test
    void hotMethodsDoNotAllocate() {
        for (int warm = 0; warm < 10; warm++) {
            hotPaths();
        }
        allocatedBytes();
        // a late JIT recompilation can allocate a few bytes once (seen: 152 B); a real per-call allocation shows
        // up in every attempt, so the cleanest of three attempts must be zero
        long cleanest = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 3 && cleanest != 0; attempt++) {
            long before = allocatedBytes();
            hotPaths();
            long after = allocatedBytes();
            cleanest = Math.min(cleanest, after - before);
        }
        assertEquals(0, cleanest, "bytes allocated by " + ROUNDS + " rounds of the hot methods");
    }

    @Test
    void theMeasurementSeesAllocation() {
        assertTrue(THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled());
        allocating();
        allocatedBytes();
        long before = allocatedBytes();
        allocating();
        long after = allocatedBytes();
        assertTrue(after - before >= ROUNDS * 16L, "saw only " + (after - before) + " bytes");
    }
}
