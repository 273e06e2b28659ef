package vn.communeradio.hal.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackOptions;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs {@link JackAudioOutput} against real jackd servers (dummy backend, 48 kHz, 256 frames). */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JackAudioOutputTest extends OnJackServer {

    private static final int RATE = JackServer.SAMPLE_RATE;
    private static final int PERIOD = JackServer.PERIOD_FRAMES;
    private static final double TOLERANCE = 1e-6;
    private static final AtomicInteger NAMES = new AtomicInteger();


    @Test
    void playsTheRenderedSignalOnTheConfiguredPortsLeftAndRight() throws Exception {
        Recorder recorder = recorder(server, 5);
        Tone tone = new Tone();
        JackAudioOutput output = output(server.name(), recorder.inputs());

        output.start(tone);
        assertEquals(new OutputFormat(RATE, 2, PERIOD), output.format());
        // the server's rate, told before the first period: the mixer times its limiter in it
        assertEquals(output.format(), tone.prepared);
        await("3 s of signal at the recorder", Duration.ofSeconds(8), () -> recorder.signalFrames() >= 3 * RATE,
                output::stats);
        recorder.stopCapture();

        int checked = assertToneRecorded(recorder);
        assertTrue(checked >= 3 * RATE, "compared " + checked + " frames");
        AudioOutputStats stats = output.stats();
        assertTrue(stats.running(), stats.toString());
        assertNull(stats.lastError());
        assertEquals(0, output.stats().renderFailures());
        assertEquals(stats.callbacks() * PERIOD, stats.frames());
        assertEquals(0, tone.unprepared, "periods rendered before the renderer knew the rate");

        output.close();
        output.close();
        assertFalse(output.stats().running());
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("jack-reconnect")
                && t.isAlive()), "supervisor thread still alive after close");
    }

    @Test
    void callsBackOncePerServerPeriodAndConnectsToThePhysicalPortsByDefault() throws Exception {
        String name = "out-" + NAMES.incrementAndGet();
        JackAudioOutput output = output(name, server.name(), List.of());
        output.start(new Tone());
        await("warm-up", Duration.ofSeconds(5), () -> output.stats().callbacks() > 50, output::stats);

        long t0 = System.nanoTime();
        AudioOutputStats s0 = output.stats();
        Thread.sleep(2_000); // the measured interval itself, not synchronisation
        AudioOutputStats s1 = output.stats();
        double wall = (System.nanoTime() - t0) / 1e9;

        long callbacks = s1.callbacks() - s0.callbacks();
        double expected = wall * RATE / PERIOD;
        System.out.printf("JACK callbacks: %d in %.3f s, expected %.1f (%.2f%%); xruns %d%n", callbacks, wall,
                expected, 100.0 * (callbacks - expected) / expected, s1.xruns());
        assertEquals(expected, callbacks, expected * 0.05, "callbacks in " + wall + " s");
        assertEquals(callbacks * PERIOD, s1.frames() - s0.frames());

        Recorder probe = recorder(server, 1);
        assertEquals(List.of("system:playback_1"), probe.connections(name + ":out_1"));
        assertEquals(List.of("system:playback_2"), probe.connections(name + ":out_2"));
    }

    @Test
    void countsXrunsAndKeepsRunningAfterThem() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AudioRenderer stalling = (buffer, frames) -> {
            java.util.Arrays.fill(buffer, 0, frames * 2, 0f);
            if (calls.incrementAndGet() == 100) {
                long until = System.nanoTime() + 60_000_000; // ~11 periods: the server must report an xrun
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            }
        };
        JackAudioOutput output = output(server.name(), List.of());
        output.start(stalling);

        await("an xrun reported", Duration.ofSeconds(5), () -> output.stats().xruns() >= 1, output::stats);
        long after = output.stats().callbacks();
        await("callbacks after the xrun", Duration.ofSeconds(3), () -> output.stats().callbacks() > after + 100,
                output::stats);
        assertTrue(output.stats().running());
        System.out.println("JACK xruns after a 60 ms stall: " + output.stats().xruns());
    }

    @Test
    void aThrowingRendererGivesSilentPeriodsAndTheClientSurvives() throws Exception {
        Recorder recorder = recorder(server, 3);
        AtomicInteger calls = new AtomicInteger();
        AudioRenderer faulty = (buffer, frames) -> {
            for (int i = 0; i < frames; i++) {
                buffer[2 * i] = 0.5f;
                buffer[2 * i + 1] = -0.5f;
            }
            if (calls.incrementAndGet() % 10 == 0) {
                throw new IllegalStateException("renderer bug"); // after filling: those samples must not play
            }
        };
        JackAudioOutput output = output(server.name(), recorder.inputs());
        output.start(faulty);

        await("1 s recorded", Duration.ofSeconds(5), () -> recorder.signalFrames() >= RATE, output::stats);
        recorder.stopCapture();

        assertTrue(output.stats().renderFailures() >= 10, "render failures " + output.stats().renderFailures());
        assertTrue(output.stats().running());
        int start = recorder.firstSignal();
        int silent = 0;
        for (int i = start; i < recorder.recorded(); i++) {
            float l = recorder.left()[i];
            float r = recorder.right()[i];
            boolean played = l == 0.5f && r == -0.5f;
            boolean muted = l == 0f && r == 0f;
            assertTrue(played || muted, "frame " + i + ": " + l + " / " + r);
            silent += muted ? 1 : 0;
        }
        assertTrue(silent > 0 && silent % PERIOD == 0, silent + " silent frames: whole periods expected");
        await("the failure reported", Duration.ofSeconds(3), () -> String.valueOf(output.stats().lastError())
                .contains("renderer failed"), output::stats);
    }

    @Test
    void theProcessThreadAllocatesNothingInSteadyState() throws Exception {
        Recorder recorder = recorder(server, 1);
        Tone tone = new Tone();
        JackAudioOutput output = output(server.name(), recorder.inputs());
        output.start(tone);
        await("warm-up", Duration.ofSeconds(5), () -> output.stats().callbacks() > 200, output::stats);

        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = tone.thread;
        long recorderThread = recorder.thread;
        long c0 = output.stats().callbacks();
        long b0 = threads.getThreadAllocatedBytes(thread);
        long r0 = threads.getThreadAllocatedBytes(recorderThread);
        Thread.sleep(1_000); // the measured interval
        long b1 = threads.getThreadAllocatedBytes(thread);
        long r1 = threads.getThreadAllocatedBytes(recorderThread);
        long callbacks = output.stats().callbacks() - c0;

        System.out.printf("JACK process thread: %d bytes allocated in %d callbacks; the JNAJack-port recorder: "
                + "%d bytes%n", b1 - b0, callbacks, r1 - r0);
        assertTrue(b0 >= 0 && callbacks > 150, "measured " + callbacks + " callbacks, thread " + thread);
        assertEquals(tone.thread, thread, "the process thread changed");
        assertEquals(0, b1 - b0, "bytes allocated on the process thread in " + callbacks + " callbacks");
    }

    @Test
    void reconnectsAfterAServerRestart() throws Exception {
        JackServer own = JackServer.start();
        toClose.push(own); // closed after the clients: a client must not outlive its server's run
        String recorderName = "rec-" + NAMES.incrementAndGet();
        Recorder before = recorder(own, recorderName, 2);
        Tone tone = new Tone();
        JackAudioOutput output = output(own.name(), before.inputs());
        output.start(tone);
        await("signal before the restart", Duration.ofSeconds(5), () -> before.signalFrames() >= RATE / 2,
                output::stats);

        own.stop();
        before.abandon();
        await("the loss noticed", Duration.ofSeconds(5), () -> !output.stats().running(), output::stats);
        String error = output.stats().lastError();
        assertTrue(error != null && error.contains("'" + own.name() + "'") && error.contains("stopped"), error);
        assertEquals(0, output.stats().reconnects());

        long t0 = System.nanoTime();
        own.restart();
        long ready = System.nanoTime();
        Recorder after = recorder(own, recorderName, 3);
        await("reconnected", Duration.ofSeconds(10), () -> output.stats().reconnects() == 1, output::stats);
        long reconnected = System.nanoTime();
        long callbacks = output.stats().callbacks();
        await("callbacks again", Duration.ofSeconds(3), () -> output.stats().callbacks() > callbacks + 50,
                output::stats);
        await("signal after the restart", Duration.ofSeconds(5), () -> after.signalFrames() >= RATE,
                output::stats);
        after.stopCapture();

        assertToneRecorded(after);
        AudioOutputStats stats = output.stats();
        assertTrue(stats.running(), stats.toString());
        assertNull(stats.lastError());
        assertEquals(1, stats.reconnects());
        System.out.printf("JACK reconnect: server restart took %d ms; reconnects == 1 seen %d ms after it was "
                + "ready%n", (ready - t0) / 1_000_000, (reconnected - ready) / 1_000_000);
    }

    @Test
    void connectsToPortsThatAppearLater() throws Exception {
        String recorderName = "rec-" + NAMES.incrementAndGet();
        JackAudioOutput output = output(server.name(), List.of(recorderName + ":in_1", recorderName + ":in_2"));
        output.start(new Tone());
        String error = output.stats().lastError();
        assertTrue(error != null && error.contains(recorderName + ":in_") && error.contains("no such port"), error);
        assertTrue(output.stats().running());

        Recorder late = recorder(server, recorderName, 2);
        await("signal at the late recorder", Duration.ofSeconds(5), () -> late.signalFrames() >= RATE / 2,
                output::stats);
        late.stopCapture();
        assertToneRecorded(late);
        await("error cleared", Duration.ofSeconds(3), () -> output.stats().lastError() == null, output::stats);
    }

    @Test
    void startWithoutAServerFailsFastNamingTheServer() {
        String absent = JackServer.absentName();
        JackAudioOutput output = output(absent, List.of());
        long t0 = System.nanoTime();
        AudioOutputException e = assertThrows(AudioOutputException.class, () -> output.start(new Tone()));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("JACK start without a server failed after " + ms + " ms: " + e.getMessage());
        assertTrue(ms < 2_000, ms + " ms");
        assertTrue(e.getMessage().contains("'" + absent + "'") && e.getMessage().contains("not running"),
                e.getMessage());
        assertFalse(output.stats().running());
        assertEquals(e.getMessage(), output.stats().lastError());
        output.close();
        output.close();
    }

    @Test
    void aServerAtItsPortMaximumIsNamedAsTheReason() throws Exception {
        // the dummy backend's 4 ports (2 in, 2 out) and room for one more: the output's second port is refused
        try (JackServer full = JackServer.start(JackServer.PERIOD_FRAMES, false, 5)) {
            JackAudioOutput output = output(full.name(), List.of());
            AudioOutputException e = assertThrows(AudioOutputException.class, () -> output.start(new Tone()));
            assertTrue(e.getMessage().contains("refused to register port") && e.getMessage().contains("port maximum")
                    && e.getMessage().contains("JACK_PORT_MAX"), e.getMessage());
            assertFalse(output.stats().running());
        }
    }

    // ---- helpers

    private JackAudioOutput output(String serverName, List<String> connectTo) {
        return output("out-" + NAMES.incrementAndGet(), serverName, connectTo);
    }

    private JackAudioOutput output(String clientName, String serverName, List<String> connectTo) {
        JackAudioOutput output = new JackAudioOutput(clientName, serverName, connectTo);
        toClose.push(output);
        return output;
    }

    private Recorder recorder(JackServer on, int seconds) throws JackException {
        return recorder(on, "rec-" + NAMES.incrementAndGet(), seconds);
    }

    private Recorder recorder(JackServer on, String name, int seconds) throws JackException {
        Recorder recorder = new Recorder(on.name(), name, (seconds + 2) * RATE);
        toClose.push(recorder);
        return recorder;
    }

    static void await(String what, Duration timeout, BooleanSupplier condition,
                              Supplier<AudioOutputStats> stats) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("no " + what + " within " + timeout + "; output " + stats.get());
            }
            Thread.sleep(10); // poll interval of a condition with a deadline
        }
    }

    /** Checks every recorded frame from the first one with signal against the tone; returns the frames compared. */
    private static int assertToneRecorded(Recorder recorder) {
        int start = recorder.firstSignal();
        int end = recorder.recorded();
        assertTrue(start >= 0 && end - start > PERIOD, "no signal recorded (" + end + " frames)");
        float[] l = recorder.left();
        float[] r = recorder.right();
        long n0 = Tone.align(l, r, start);
        for (int i = start; i < end; i++) {
            long n = n0 + i - start;
            if (Math.abs(l[i] - Tone.left(n)) > TOLERANCE || Math.abs(r[i] - Tone.right(n)) > TOLERANCE) {
                fail("frame " + i + " (tone sample " + n + "): got " + l[i] + " / " + r[i] + ", expected "
                        + Tone.left(n) + " / " + Tone.right(n) + (Math.abs(l[i] - Tone.right(n)) <= TOLERANCE
                        ? " (left and right swapped?)" : ""));
            }
        }
        return end - start;
    }

    /**
     * Phase-continuous sines, 997 Hz at 0.5 on the left and 1499 Hz at 0.25 on the right, with phase offsets so
     * that the first sample is not zero. Allocation-free, as a renderer must be; notes its thread.
     */
    static final class Tone implements AudioRenderer {
        volatile long thread = -1;
        /** What {@link #prepare} was told; periods rendered before it was told anything. */
        volatile OutputFormat prepared;
        volatile int unprepared;
        private long n;

        @Override
        public void prepare(OutputFormat format) {
            prepared = format;
        }

        static float left(long n) {
            return (float) (0.5 * Math.sin(2 * Math.PI * 997 * n / RATE + 0.25));
        }

        static float right(long n) {
            return (float) (0.25 * Math.sin(2 * Math.PI * 1499 * n / RATE + 1.0));
        }

        @Override
        public void render(float[] buffer, int frames) {
            thread = Thread.currentThread().getId();
            if (prepared == null) {
                unprepared++;
            }
            for (int i = 0; i < frames; i++, n++) {
                buffer[2 * i] = left(n);
                buffer[2 * i + 1] = right(n);
            }
        }

        /** The tone sample index of recorded frame {@code start}, found by matching the next 16 frames. */
        static long align(float[] l, float[] r, int start) {
            long n = find(l, r, start);
            if (n < 0) {
                fail("recorded frames at " + start + " are not the tone: " + l[start] + " / " + r[start]
                        + (find(r, l, start) >= 0 ? " (left and right swapped)" : ""));
            }
            return n;
        }

        private static long find(float[] l, float[] r, int start) {
            search:
            for (long n = 0; n < 60L * RATE; n++) {
                for (int k = 0; k < 16; k++) {
                    if (Math.abs(l[start + k] - left(n + k)) > TOLERANCE
                            || Math.abs(r[start + k] - right(n + k)) > TOLERANCE) {
                        continue search;
                    }
                }
                return n;
            }
            return -1;
        }
    }

    /** A JACK client with two inputs that records what arrives into preallocated arrays. */
    static final class Recorder implements AutoCloseable {
        private final JackClient client;
        private final JackPort[] inputs = new JackPort[2];
        private final float[][] data;
        private volatile int recorded;
        private volatile boolean capturing = true;
        private boolean closed;
        volatile long thread = -1;

        Recorder(String serverName, String name, int capacityFrames) throws JackException {
            JackAudioOutput.selectServer(serverName);
            client = Jack.getInstance().openClient(name,
                    EnumSet.of(JackOptions.JackNoStartServer, JackOptions.JackUseExactName), null);
            data = new float[2][capacityFrames];
            for (int c = 0; c < 2; c++) {
                inputs[c] = client.registerPort("in_" + (c + 1), JackPortType.AUDIO, JackPortFlags.JackPortIsInput);
            }
            client.setProcessCallback(this::process);
            client.activate();
        }

        private boolean process(JackClient c, int frames) {
            thread = Thread.currentThread().getId();
            int at = recorded;
            int n = Math.min(frames, data[0].length - at);
            if (capturing && n > 0) {
                inputs[0].getFloatBuffer().get(data[0], at, n);
                inputs[1].getFloatBuffer().get(data[1], at, n);
                recorded = at + n;
            }
            return true;
        }

        List<String> inputs() {
            return List.of(inputs[0].getName(), inputs[1].getName());
        }

        List<String> connections(String port) throws JackException {
            return List.of(Jack.getInstance().getAllConnections(client, port));
        }

        void stopCapture() {
            capturing = false;
        }

        int recorded() {
            return recorded;
        }

        float[] left() {
            return data[0];
        }

        float[] right() {
            return data[1];
        }

        /** The first frame with signal on both inputs (the two connections may be made in different periods). */
        int firstSignal() {
            int end = recorded;
            for (int i = 0; i < end; i++) {
                if (data[0][i] != 0f && data[1][i] != 0f) {
                    return i;
                }
            }
            return -1;
        }

        /** Frames recorded since the first non-zero one. */
        int signalFrames() {
            int first = firstSignal();
            return first < 0 ? 0 : recorded - first;
        }

        /**
         * For a client whose server died: libjack2 frees it at the next client open in this process (the output
         * reconnecting), so closing it here could come after that and crash the JVM.
         */
        void abandon() {
            closed = true;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                client.deactivate();
                client.close();
            }
        }
    }
}
