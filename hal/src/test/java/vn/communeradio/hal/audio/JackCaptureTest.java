package vn.communeradio.hal.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.communeradio.hal.audio.JackAudioOutputTest.await;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link JackAudioOutput}'s capture ports against a real jackd (dummy backend, 48 kHz, 256 frames): a test client
 * feeds the station's line and sense inputs, another listens to its outputs, and the renderer passes the capture
 * through.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JackCaptureTest extends OnJackServer {

    private static final int RATE = JackServer.SAMPLE_RATE;
    private static final int PERIOD = JackServer.PERIOD_FRAMES;
    private static final AtomicInteger NAMES = new AtomicInteger();

    @Test
    void theRendererGetsEachPeriodsLineAndSenseInTheSameCallAndWhatItPlaysLeavesInThatPeriod() throws Exception {
        Looped looped = looped();
        JackLoopProbe probe = looped.probe();
        PassThrough through = looped.through();
        JackAudioOutput output = looped.output();

        await("a second of time code through the station", Duration.ofSeconds(8),
                () -> probe.coded(0) >= RATE && probe.coded(1) >= RATE, output::stats);
        probe.stop();

        System.out.printf("JACK line in -> out through the station's renderer: %d..%d frames (%d period%s of %d "
                + "frames); sense in -> out %d..%d frames; xruns %d%n", probe.minDelay(0), probe.maxDelay(0),
                probe.maxDelay(0) / PERIOD, probe.maxDelay(0) / PERIOD == 1 ? "" : "s", PERIOD, probe.minDelay(1),
                probe.maxDelay(1), output.stats().xruns());
        // feeder, station and listener run in that order within a cycle: what the renderer got, it played then
        assertEquals(0, probe.maxDelay(0), "line: frames between feeding a sample and hearing it passed through");
        assertEquals(0, probe.minDelay(0));
        assertEquals(0, probe.maxDelay(1), "sense: frames between feeding a sample and hearing it passed through");
        assertEquals(0, probe.wrong(0), "samples on out_1 that were not the line input's");
        assertEquals(0, probe.wrong(1), "samples on out_2 that were not the sense input's");
        assertEquals(0, through.mismatched.get(), "calls whose capture had another frame count than the output");
        assertEquals(List.of(output.clientName() + ":in_1"), probe.connections(probe.feeds().get(0)));
        assertEquals(List.of(output.clientName() + ":in_2"), probe.connections(probe.feeds().get(1)));
        assertNull(output.stats().lastError());
        assertEquals(new CaptureLayout(2, 1, 2), output.capture());
        assertTrue(output.description().contains("input line 1, sense 2 of 2 channels"), output.description());
    }

    @Test
    void captureConnectsToThePhysicalCapturePortsByDefault() throws Exception {
        JackAudioOutput output = output(List.of(), CaptureLayout.of(0, 2), List.of());
        output.start(new PassThrough());
        JackLoopProbe probe = probe();

        String client = output.clientName();
        assertEquals(List.of("system:capture_1"), probe.connections(client + ":in_1"));
        assertEquals(List.of("system:capture_2"), probe.connections(client + ":in_2"));
        assertNull(output.stats().lastError());
    }

    @Test
    void moreInputChannelsThanTheServerCapturesIsSaidAndTheOthersAreConnected() throws Exception {
        JackAudioOutput output = output(List.of(), CaptureLayout.of(3, 0), List.of());
        output.start(new PassThrough());
        await("callbacks", Duration.ofSeconds(5), () -> output.stats().callbacks() > 20, output::stats);

        String error = output.stats().lastError();
        assertTrue(error != null && error.contains("'" + server.name() + "' has 2 physical capture ports, the "
                + "input needs 3") && error.contains("without -P"), error);
        assertTrue(output.stats().running());
        JackLoopProbe probe = probe();
        assertEquals(List.of("system:capture_2"), probe.connections(output.clientName() + ":in_2"));
        assertEquals(List.of(), probe.connections(output.clientName() + ":in_3"));
        // a capture port fed by nothing reads silence: the station must not take it for what a microphone hears
        assertTrue(output.inputConnected(2));
        assertTrue(!output.inputConnected(3), "in_3 is connected to nothing");
        assertEquals(output.clientName() + ":in_3", output.inputName(3));
    }

    @Test
    void portsToCaptureFromThatAppearLaterAreConnectedThen() throws Exception {
        String later = "late-" + NAMES.incrementAndGet();
        JackAudioOutput output = output(List.of(later + "-listen:in_1", later + "-listen:in_2"),
                new CaptureLayout(2, 1, 2), List.of(later + "-feed:out_1", later + "-feed:out_2"));
        output.start(new PassThrough());
        String error = output.stats().lastError();
        assertTrue(error != null && error.contains("'" + later + "-feed:out_") && error.contains("no such port"),
                error);
        assertTrue(!output.inputConnected(1) && !output.inputConnected(2), "nothing feeds the capture ports yet");

        JackLoopProbe probe = new JackLoopProbe(later, 2);
        toClose.push(probe);
        await("time code through the station", Duration.ofSeconds(8),
                () -> probe.coded(0) >= PERIOD * 10 && probe.coded(1) >= PERIOD * 10, output::stats);
        await("the error cleared", Duration.ofSeconds(3), () -> output.stats().lastError() == null, output::stats);
        await("the capture ports connected", Duration.ofSeconds(3),
                () -> output.inputConnected(1) && output.inputConnected(2), output::stats);
        probe.stop();
        assertEquals(0, probe.maxDelay(0));
    }

    @Test
    void aFeedThatGoesAwayAfterItWasConnectedLeavesItsCapturePortUnconnectedWithinSeconds() throws Exception {
        // no connection problem is pending here (everything connected at start): the supervisor must still look
        Looped looped = looped();
        JackAudioOutput output = looped.output();
        await("time code through the station", Duration.ofSeconds(8),
                () -> looped.probe().coded(1) >= PERIOD * 10, output::stats);
        assertTrue(output.inputConnected(1) && output.inputConnected(2), "both fed by the probe");
        assertNull(output.stats().lastError());

        looped.probe().close(); // the microphone's client stopped, or a technician's jack_disconnect
        await("the capture ports seen unconnected", Duration.ofSeconds(3),
                () -> !output.inputConnected(1) && !output.inputConnected(2), output::stats);
    }

    @Test
    void aFeedListedInCaptureFromThatComesBackIsConnectedAgain() throws Exception {
        // a sense microphone's JACK client (a USB bridge, a recorder) restarted: capture_from still lists its ports,
        // and the station's log tells the technician to list them there; the station must connect them again
        Looped looped = looped();
        JackAudioOutput output = looped.output();
        String feed = looped.probe().feeds().get(0);
        String name = feed.substring(0, feed.indexOf("-feed:"));
        looped.probe().close();
        await("the capture ports seen unconnected", Duration.ofSeconds(3),
                () -> !output.inputConnected(1) && !output.inputConnected(2), output::stats);

        assertEquals(feed, output.inputSource(1), "the listed source a message names");
        JackLoopProbe back = new JackLoopProbe(name, 2);
        toClose.push(back);
        await("the capture ports connected again", Duration.ofSeconds(3),
                () -> output.inputConnected(1) && output.inputConnected(2), output::stats);
        await("time code through the station again", Duration.ofSeconds(8),
                () -> back.coded(1) >= PERIOD * 10, output::stats);
    }

    @Test
    void theProcessThreadAllocatesNothingWithTheInputOn() throws Exception {
        Looped looped = looped();
        JackLoopProbe probe = looped.probe();
        PassThrough through = looped.through();
        JackAudioOutput output = looped.output();
        await("warm-up with time code through the station", Duration.ofSeconds(8),
                () -> output.stats().callbacks() > 200 && probe.coded(1) > RATE / 2, output::stats);

        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = through.thread;
        long c0 = output.stats().callbacks();
        long coded0 = probe.coded(0);
        long b0 = threads.getThreadAllocatedBytes(thread);
        Thread.sleep(1_000); // the measured interval
        long b1 = threads.getThreadAllocatedBytes(thread);
        long callbacks = output.stats().callbacks() - c0;
        long coded = probe.coded(0) - coded0;

        System.out.printf("JACK process thread with capture: %d bytes allocated in %d callbacks (%d samples of "
                + "line input passed through)%n", b1 - b0, callbacks, coded);
        assertTrue(b0 >= 0 && callbacks > 150 && coded >= callbacks * PERIOD / 2,
                "measured " + callbacks + " callbacks, " + coded + " samples, thread " + thread);
        assertEquals(through.thread, thread, "the process thread changed");
        assertEquals(0, b1 - b0, "bytes allocated on the process thread in " + callbacks + " callbacks");
    }

    // ---- helpers

    /** A started output whose line and sense inputs the probe feeds and whose outputs it listens to. */
    private record Looped(JackLoopProbe probe, PassThrough through, JackAudioOutput output) {
    }

    private Looped looped() throws Exception {
        JackLoopProbe probe = probe();
        PassThrough through = new PassThrough();
        JackAudioOutput output = output(probe.ears(), new CaptureLayout(2, 1, 2), probe.feeds());
        output.start(through);
        return new Looped(probe, through, output);
    }

    private JackAudioOutput output(List<String> connectTo, CaptureLayout layout, List<String> captureFrom) {
        JackAudioOutput output = new JackAudioOutput("cap-" + NAMES.incrementAndGet(), server.name(), connectTo,
                layout, captureFrom);
        toClose.push(output);
        return output;
    }

    private JackLoopProbe probe() throws Exception {
        JackAudioOutput.selectServer(server.name());
        JackLoopProbe probe = new JackLoopProbe("probe-" + NAMES.incrementAndGet(), 2);
        toClose.push(probe);
        return probe;
    }

    /** Plays the line input on the left and the sense input on the right; allocation-free; notes its thread. */
    static final class PassThrough extends CaptureRenderer {

        @Override
        void fill(float[] buffer, int frames, Capture input) {
            float[] line = input.line();
            float[] sense = input.sense();
            for (int i = 0; i < frames; i++) {
                buffer[2 * i] = line[i];
                buffer[2 * i + 1] = sense[i];
            }
        }
    }
}
