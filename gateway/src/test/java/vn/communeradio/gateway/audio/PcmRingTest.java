package vn.communeradio.gateway.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PcmRingTest {

    @Test
    void capacityIsRoundedUpToAPowerOfTwo() {
        assertEquals(1, new PcmRing(1).capacity());
        assertEquals(1024, new PcmRing(1000).capacity());
        assertEquals(1024, new PcmRing(1024).capacity());
        assertEquals(2048, new PcmRing(1025).capacity());
        assertThrows(IllegalArgumentException.class, () -> new PcmRing(0));
    }

    @Test
    void writesWhatFitsAndReadsWhatIsThereAcrossTheWrap() {
        PcmRing ring = new PcmRing(8);
        float[] out = new float[16];
        assertEquals(0, ring.read(out, 0, 4));
        assertEquals(0, ring.skip(4));
        assertEquals(5, ring.write(new float[] {1, 2, 3, 4, 5}, 0, 5));
        assertEquals(3, ring.read(out, 0, 3));
        assertEquals(3, ring.space() - 3); // 2 in the ring: 6 free
        // 6 fit of 7, wrapping past the end of the array
        assertEquals(6, ring.write(new float[] {0, 6, 7, 8, 9, 10, 11, 12}, 1, 7));
        assertEquals(8, ring.available());
        assertEquals(0, ring.space());
        assertEquals(0, ring.write(new float[] {99}, 0, 1));
        assertEquals(1, ring.skip(1));
        assertEquals(7, ring.read(out, 2, 16 - 2));
        assertArrayEquals(new float[] {5, 6, 7, 8, 9, 10, 11}, java.util.Arrays.copyOfRange(out, 2, 9));
        assertEquals(0, ring.available());
        assertEquals(8, ring.space());
    }

    @Test
    void clearEmptiesIt() {
        PcmRing ring = new PcmRing(4);
        ring.write(new float[] {1, 2, 3}, 0, 3);
        ring.clear();
        assertEquals(0, ring.available());
        assertEquals(4, ring.write(new float[] {4, 5, 6, 7}, 0, 4));
        float[] out = new float[4];
        assertEquals(4, ring.read(out, 0, 4));
        assertArrayEquals(new float[] {4, 5, 6, 7}, out);
    }

    @Test
    void rejectsRangesOutsideTheArray() {
        PcmRing ring = new PcmRing(8);
        assertThrows(IndexOutOfBoundsException.class, () -> ring.write(new float[4], 2, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> ring.read(new float[4], -1, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> ring.read(new float[4], 0, -1));
        assertThrows(IllegalArgumentException.class, () -> ring.skip(-1));
    }

    /**
     * A producer writes 0, 1, 2, … in random chunk sizes; the consumer reads and skips in random chunk sizes and
     * checks every sample is the next one. Both spin instead of sleeping, so the ring is full and empty often.
     */
    @Test
    void twoThreadsSeeEverySampleInOrder() throws Exception {
        final int total = 8_000_000;
        final int modulus = 1 << 24; // floats count exactly up to here
        PcmRing ring = new PcmRing(1000);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread producer = new Thread(() -> {
            Random random = new Random(1);
            float[] chunk = new float[3000];
            int next = 0;
            while (next < total && failure.get() == null) {
                int n = Math.min(1 + random.nextInt(chunk.length), total - next);
                for (int i = 0; i < n; i++) {
                    chunk[i] = (next + i) % modulus;
                }
                int done = 0;
                while (done < n && failure.get() == null) {
                    done += ring.write(chunk, done, n - done);
                    if (ring.available() > ring.capacity()) {
                        failure.compareAndSet(null, new AssertionError("available > capacity"));
                    }
                    Thread.onSpinWait();
                }
                next += n;
            }
        }, "producer");
        producer.setDaemon(true);
        producer.setUncaughtExceptionHandler((t, e) -> failure.compareAndSet(null, e));
        producer.start();

        Random random = new Random(2);
        float[] chunk = new float[3000];
        int expected = 0;
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (expected < total && failure.get() == null && System.nanoTime() < deadline) {
            if (random.nextInt(10) == 0) {
                expected += ring.skip(random.nextInt(50));
                continue;
            }
            int n = ring.read(chunk, 0, 1 + random.nextInt(chunk.length));
            for (int i = 0; i < n; i++) {
                if (chunk[i] != (expected + i) % modulus) {
                    failure.compareAndSet(null, new AssertionError(
                            "at " + (expected + i) + " read " + chunk[i]));
                    break;
                }
            }
            expected += n;
            Thread.onSpinWait();
        }
        if (expected < total) {
            failure.compareAndSet(null, new AssertionError("consumer stopped at " + expected)); // stops the producer
        }
        producer.join(10_000);
        assertNull(failure.get());
        assertFalse(producer.isAlive());
        assertEquals(total, expected);
        assertEquals(0, ring.available());
    }
}
