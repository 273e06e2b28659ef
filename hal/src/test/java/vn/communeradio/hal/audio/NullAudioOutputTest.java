package vn.communeradio.hal.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import vn.communeradio.hal.gpio.SimulatedRelays;

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

    @Test
    void theRendererGetsTheSimulatedCaptureInTheSameCallAndTheSenseHearsWhatItPlayedAllocatingNothing()
            throws Exception {
        SimulatedRelays relays = new SimulatedRelays(List.of("amp", "zone1"), Clock.systemUTC());
        relays.set("amp", true);
        relays.set("zone1", true);
        SimulatedInput input = new SimulatedInput(new SimulatedPath(List.of(), 100, 300, 5000, -90, 440), 1,
                relays.sounding(), SimulatedInput.LINE_CHANNEL, SimulatedInput.SENSE_CHANNEL, 3);
        NullAudioOutput output = new NullAudioOutput(new OutputFormat(48_000, 2, 480), input);
        Listening renderer = new Listening(48_000 * 3);
        output.start(renderer);
        try {
            assertTrue(output.description().contains("input sim (line 1, sense 2 of 2 channels"),
                    output.description());
            assertEquals(new CaptureLayout(2, 1, 2), output.capture());
            WavFileAudioOutputTest.awaitCallbacks(output, 1.5);

            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long thread = renderer.thread;
            long c0 = output.stats().callbacks();
            long b0 = threads.getThreadAllocatedBytes(thread);
            Thread.sleep(1_000); // the measured interval
            long b1 = threads.getThreadAllocatedBytes(thread);
            long callbacks = output.stats().callbacks() - c0;
            System.out.printf("null output's render thread with the simulated input: %d bytes allocated in %d "
                    + "periods%n", b1 - b0, callbacks);
            assertTrue(callbacks > 80, callbacks + " periods");
            assertEquals(0, b1 - b0, "bytes allocated on the render thread in " + callbacks + " periods");
        } finally {
            output.close();
        }

        assertEquals(0, renderer.mismatched.get(), "periods whose capture had another frame count");
        int heard = Spectrum.firstAbove(renderer.sense, 0.05);
        double delayMs = (heard - Listening.TONE_FROM) * 1000.0 / 48_000;
        System.out.printf("the sense heard the renderer's tone %.2f ms after it played it (configured 100 ms)%n",
                delayMs);
        assertEquals(100, delayMs, 1, "delay from playing to hearing");
        assertEquals(440, Spectrum.strongest(renderer.line, 48_000, 48_000, 48_000, 50, 2000), 1, "line tone");
    }

    /** Plays silence, then a 1 kHz tone from frame TONE_FROM on, and keeps the line and sense it was handed. */
    private static final class Listening extends CaptureRenderer {
        static final int TONE_FROM = 9_600;
        final float[] line;
        final float[] sense;
        private int n;

        Listening(int capacity) {
            line = new float[capacity];
            sense = new float[capacity];
        }

        @Override
        void fill(float[] buffer, int frames, Capture input) {
            int keep = Math.max(0, Math.min(frames, line.length - n));
            System.arraycopy(input.line(), 0, line, n, keep);
            System.arraycopy(input.sense(), 0, sense, n, keep);
            for (int i = 0; i < frames; i++) {
                long at = n + i;
                float v = at < TONE_FROM ? 0f
                        : (float) (0.5 * Math.sin(2 * Math.PI * 1000 * (at - TONE_FROM) / 48_000));
                buffer[2 * i] = v;
                buffer[2 * i + 1] = v;
            }
            n += frames;
        }
    }
}
