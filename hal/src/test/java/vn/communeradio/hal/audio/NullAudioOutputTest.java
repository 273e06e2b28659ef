package vn.communeradio.hal.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NullAudioOutputTest {

    @Test
    void rendersAtRealTimePace() throws Exception {
        OutputFormat format = new OutputFormat(48_000, 2, 480);
        NullAudioOutput output = new NullAudioOutput(format);
        AtomicLong rendered = new AtomicLong();
        output.start((buffer, frames) -> {
            assertEquals(960, buffer.length);
            rendered.addAndGet(frames);
        });
        long t0 = System.nanoTime();
        long c0 = output.stats().callbacks();
        Thread.sleep(1500); // the measured interval itself, not synchronisation
        long c1 = output.stats().callbacks();
        double wall = (System.nanoTime() - t0) / 1e9;
        output.close();

        double expected = wall * 100; // 48000 / 480 periods per second
        assertEquals(expected, c1 - c0, expected * 0.05 + 2, "periods in " + wall + " s");
        assertTrue(rendered.get() >= (c1 - c0) * 480);
        assertTrue(!output.stats().running());
    }
}
