package vn.communeradio.gateway.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.communeradio.hal.audio.AudioRenderer;
import vn.communeradio.hal.audio.Capture;
import vn.communeradio.hal.audio.NullAudioOutput;
import vn.communeradio.hal.audio.OutputFormat;
import vn.communeradio.hal.audio.SimulatedInput;
import vn.communeradio.hal.audio.SimulatedPath;

/**
 * {@code input:line} through the mixer on a real output's render thread (the null output with the simulated input,
 * its line a 1 kHz tone): what comes out is the line captured in the same callback, on both channels, behind only
 * the limiter's look-ahead, and the render thread allocates nothing while it plays.
 */
class LineVoiceTest {

    private static final int RATE = 48_000;
    private static final int PERIOD = 480;

    @Test
    void theLineGoesOutInItsOwnPeriodOnEveryChannelAllocatingNothing() throws Exception {
        SimulatedInput input = new SimulatedInput(new SimulatedPath(List.of(), 100, 300, 5000, -90, 1000), 1,
                zone -> false, SimulatedInput.LINE_CHANNEL, 0, 7);
        NullAudioOutput output = new NullAudioOutput(new OutputFormat(RATE, 2, PERIOD), input);
        Mixer mixer = new Mixer(2, RATE);
        LineVoice voice = new LineVoice();
        mixer.play(voice, 1f);
        Recording recording = new Recording(mixer, RATE * 3);
        output.start(recording);
        long allocated;
        long callbacks;
        try {
            awaitPeriods(output, 150); // 1.5 s: past the compilations of the first second
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long c0 = output.stats().callbacks();
            long b0 = threads.getThreadAllocatedBytes(recording.thread);
            Thread.sleep(1_000); // the measured interval
            allocated = threads.getThreadAllocatedBytes(recording.thread) - b0;
            callbacks = output.stats().callbacks() - c0;
        } finally {
            output.close();
        }
        System.out.printf("line voice on the null output's render thread: %d bytes allocated in %d periods%n",
                allocated, callbacks);
        assertTrue(callbacks > 80, callbacks + " periods");
        assertEquals(0, allocated, "bytes allocated on the render thread in " + callbacks + " periods");

        int delay = (int) Math.round(Limiter.LOOKAHEAD_MS * RATE / 1000);
        int from = RATE / 10; // past the fade-in ramp (gain 1 in 480 frames)
        int to = recording.frames;
        assertTrue(to > from + RATE, "recorded " + to + " frames");
        float peak = 0;
        for (int n = from; n < to; n++) {
            float expected = recording.line[n - delay];
            assertEquals(expected, recording.left[n], 0f, "left at frame " + n + ": the line " + delay
                    + " frames (the limiter's look-ahead) earlier");
            assertEquals(expected, recording.right[n], 0f, "right at frame " + n);
            peak = Math.max(peak, Math.abs(expected));
        }
        assertEquals(SimulatedPath.LINE_TONE_PEAK, peak, 0.01, "the line's tone is what went out");
        assertEquals((long) recording.frames, voice.programmeFrames(), "every period played counted on air");
    }

    @Test
    void withoutACaptureTheLineVoiceIsSilentAndNothingIsOnAir() {
        LineVoice voice = new LineVoice();
        float[] buffer = new float[2 * PERIOD];
        java.util.Arrays.fill(buffer, 0.3f);
        voice.read(buffer, PERIOD, 2, Capture.none(PERIOD));
        for (float s : buffer) {
            assertEquals(0f, s);
        }
        voice.read(buffer, PERIOD, 2);
        assertEquals(0, voice.programmeFrames());
    }

    private static void awaitPeriods(NullAudioOutput output, long periods) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (output.stats().callbacks() < periods) {
            assertTrue(System.nanoTime() < deadline, "the output did not run " + periods + " periods in 10 s");
            Thread.sleep(10); // poll interval of a condition with a deadline
        }
    }

    /** The mixer as the output's renderer, keeping what it was handed and what it wrote, preallocated. */
    private static final class Recording implements AudioRenderer {
        final float[] line;
        final float[] left;
        final float[] right;
        private final Mixer mixer;
        volatile long thread;
        volatile int frames;

        Recording(Mixer mixer, int capacity) {
            this.mixer = mixer;
            line = new float[capacity];
            left = new float[capacity];
            right = new float[capacity];
        }

        /** Never called by the output (it hands its capture); no message here: see RealTimeClassesTest. */
        @Override
        public void render(float[] buffer, int n) {
            mixer.render(buffer, n);
        }

        @Override
        public void render(float[] buffer, int n, Capture input) {
            thread = Thread.currentThread().getId();
            mixer.render(buffer, n, input);
            int at = frames;
            int keep = Math.max(0, Math.min(n, line.length - at));
            System.arraycopy(input.line(), 0, line, at, keep);
            for (int i = 0; i < keep; i++) {
                left[at + i] = buffer[2 * i];
                right[at + i] = buffer[2 * i + 1];
            }
            frames = at + keep;
        }
    }
}
