package vn.communeradio.tests.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.audio.Voice;
import vn.communeradio.hal.audio.CaptureLayout;
import vn.communeradio.hal.audio.JackAudioOutput;
import vn.communeradio.hal.audio.JackLoopProbe;
import vn.communeradio.hal.audio.JackPhysicalLatency;
import vn.communeradio.hal.audio.JackServer;
import vn.communeradio.tests.support.Pipeline;
import vn.communeradio.tests.support.RunsAlone;

/**
 * The line input on air through JACK (issue 17, live local announcements): a private jackd (dummy backend, 48 kHz,
 * 256 frames, synchronous as a station that announces live runs it), the station's {@link JackAudioOutput} with its
 * line capture port {@code in_1}, and {@code input:line} opened as a session opens it and played by the gateway's
 * mixer ({@link Pipeline#playLine}). A test client feeds a per-frame time code ({@link JackLoopProbe}) into the line
 * port and reads both output ports: every sample must come out unchanged on both channels, at one constant delay,
 * line in to out within two periods + 1 ms (the server's capture and playback latencies of its physical ports plus
 * the delay measured through the station), and JACK's process thread must allocate nothing while the line is on.
 */
@RunsAlone
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LineOnJackTest {

    private static final int RATE = JackServer.SAMPLE_RATE;
    private static final int PERIOD = JackServer.PERIOD_FRAMES;
    /** Steady state: ~940 periods of 256 frames. */
    private static final Duration MEASURED = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void theLineComesOutIntactWithinTwoPeriodsAndAMillisecondAllocatingNothing() throws Exception {
        try (JackServer jack = JackServer.start(PERIOD, true)) {
            // the output first: it selects the server for the process; the probes' ports are connected when they
            // appear. Its out_1 goes to the "line" probe, out_2 to the "right" one (whose own feeder stays unused)
            JackAudioOutput output = new JackAudioOutput("station", jack.name(),
                    List.of("line-listen:in_1", "right-listen:in_1"), CaptureLayout.of(1, 0),
                    List.of("line-feed:out_1"));
            try (Pipeline pipeline = new Pipeline(output, Duration.ofMillis(500), dir.resolve("cache"));
                 JackLoopProbe left = new JackLoopProbe("line", 1);
                 JackLoopProbe right = new JackLoopProbe("right", 1);
                 JackPhysicalLatency physical = new JackPhysicalLatency("physical")) {
                Pipeline.await("the output running", WAIT, () -> output.stats().lastError() == null
                        && pipeline.callbackThread() >= 0, output::stats);
                Voice line = pipeline.playLine();
                // past the mixer's 480-frame fade-in, whose scaled samples are not time code, and the first second's
                // compilations
                Pipeline.await("the line's time code at both outputs", WAIT,
                        () -> left.coded(0) > RATE && right.coded(0) > RATE, () -> output.stats() + ", coded "
                                + left.coded(0) + "/" + right.coded(0) + ", wrong " + left.wrong(0) + "/"
                                + right.wrong(0));

                var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
                long thread = pipeline.callbackThread();
                long bytes0 = threads.getThreadAllocatedBytes(thread);
                long callbacks0 = output.stats().callbacks();
                long xruns0 = output.stats().xruns();
                long onAir0 = line.programmeFrames();
                long[] coded0 = {left.coded(0), right.coded(0)};
                long[] wrong0 = {left.wrong(0), right.wrong(0)};
                left.forgetDelays(); // the fade-in's samples are behind us
                right.forgetDelays();
                Thread.sleep(MEASURED.toMillis()); // the measured interval, not synchronisation
                long bytes = threads.getThreadAllocatedBytes(thread) - bytes0;
                long callbacks = output.stats().callbacks() - callbacks0;
                long xruns = output.stats().xruns() - xruns0;
                long onAir = line.programmeFrames() - onAir0;
                left.stop();
                right.stop();
                long capture = physical.captureFrames();
                long playback = physical.playbackFrames();

                JackLoopProbe[] ears = {left, right};
                long total = capture + Math.max(left.maxDelay(0), right.maxDelay(0)) + playback;
                long target = 2L * PERIOD + RATE / 1000;
                System.out.printf("input:line on JACK (%d frames, -S, %s): through the station %d..%d frames "
                                + "(left), %d..%d (right); %d/%d samples of time code, %d/%d wrong; server capture "
                                + "%d + playback %d frames; line in to out %d frames = %.2f ms (target %d = %.2f "
                                + "ms); process thread allocated %d bytes in %d callbacks; %d xruns; %.2f s on "
                                + "air%n", PERIOD, jack.realtime() ? "real-time" : "not real-time",
                        left.minDelay(0), left.maxDelay(0), right.minDelay(0), right.maxDelay(0),
                        left.coded(0) - coded0[0], right.coded(0) - coded0[1], left.wrong(0) - wrong0[0],
                        right.wrong(0) - wrong0[1], capture, playback, total, total * 1000.0 / RATE, target,
                        target * 1000.0 / RATE, bytes, callbacks, xruns, onAir / (double) RATE);

                assertEquals(thread, pipeline.callbackThread(), "the process thread changed");
                assertTrue(callbacks > MEASURED.toSeconds() * RATE / PERIOD * 8 / 10, callbacks + " callbacks");
                assertEquals(0, bytes, "bytes allocated on JACK's process thread in " + callbacks
                        + " callbacks with the line on air");
                for (int c = 0; c < 2; c++) {
                    JackLoopProbe ear = ears[c];
                    long coded = ear.coded(0) - coded0[c];
                    assertEquals(0, ear.wrong(0) - wrong0[c], "channel " + c + ": samples of the line altered");
                    // each callback's period reached the ear: nothing of the line went missing
                    assertTrue(coded >= (callbacks - 2) * PERIOD, "channel " + c + ": " + coded + " samples of the "
                            + "line in " + callbacks + " periods");
                    if (xruns == 0) { // an xrun is a gap JACK made: then only the bound below can judge the station
                        assertEquals(ear.minDelay(0), ear.maxDelay(0), "channel " + c + ": one constant delay (no "
                                + "period dropped or repeated)");
                    }
                }
                assertTrue(total <= target, "line in to out " + total + " frames, over two periods + 1 ms ("
                        + target + " frames): capture " + capture + " + through the station " + left.maxDelay(0)
                        + "/" + right.maxDelay(0) + " + playback " + playback);
                assertTrue(onAir >= (callbacks - 2) * PERIOD, onAir + " frames of the line counted on air");
                assertEquals(List.of(), pipeline.events(), "session events");
            }
        }
    }
}
