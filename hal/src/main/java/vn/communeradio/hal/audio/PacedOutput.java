package vn.communeradio.hal.audio;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.concurrent.locks.LockSupport;
import org.tinylog.Logger;

/**
 * Base of the outputs with no device clock (null, WAV file): a thread of their own calls the renderer once per
 * period at real-time pace, measured against absolute deadlines so that the rate does not drift. Its input, if any,
 * is read in the same loop: before the renderer, which gets the period's capture, and told what was played after.
 */
abstract class PacedOutput implements AudioOutput {

    /** Beyond this lateness the deadlines are reset (the machine was suspended or starved), counted as an xrun. */
    private static final int MAX_LATE_PERIODS = 8;

    private final OutputFormat format;
    private final AudioInput input;
    private final String threadName;
    private final AtomicLong callbacks = new AtomicLong();
    private final AtomicLong xruns = new AtomicLong();
    private final RenderFailures failures = new RenderFailures();
    private volatile boolean running;
    private volatile String lastError;
    private Thread thread;

    PacedOutput(OutputFormat format, AudioInput input, String threadName) {
        this.format = format;
        this.input = input;
        this.threadName = threadName;
    }

    /** Opens the sink; called on the caller's thread before the render thread starts. */
    abstract void open() throws AudioOutputException;

    /** Takes one rendered period; runs on the render thread. */
    abstract void consume(float[] buffer, int frames) throws Exception;

    /** Releases the sink after the render thread has stopped. */
    abstract void release();

    @Override
    public final synchronized void start(AudioRenderer renderer) throws AudioOutputException {
        if (thread != null) {
            throw new IllegalStateException(description() + " already started");
        }
        open();
        try {
            input.open(format);
        } catch (AudioOutputException | RuntimeException e) {
            release();
            throw e;
        }
        renderer.prepare(format);
        running = true;
        thread = new Thread(() -> renderLoop(renderer), threadName);
        thread.setPriority(Thread.MAX_PRIORITY);
        thread.setDaemon(true);
        thread.start();
    }

    private void renderLoop(AudioRenderer renderer) {
        float[] buffer = new float[format.periodSamples()];
        int frames = format.periodFrames();
        Capture capture = new Capture(input.layout(), frames);
        capture.frames(frames);
        long period = format.periodNanos();
        long periodsPerSecond = Math.max(1, format.sampleRate() / frames);
        Supplier<String> name = this::description;
        long deadline = System.nanoTime();
        while (running) {
            if (!input.read(capture, frames)) {
                xruns.incrementAndGet();
            }
            failures.render(renderer, buffer, frames, buffer.length, capture);
            input.played(buffer, frames, format.channels());
            try {
                consume(buffer, frames);
            } catch (Exception e) {
                // the sink itself is gone (a full disk for the WAV file): nothing more can be written
                lastError = threadName + ": " + e.getMessage();
                Logger.error("{} stopped: {}", description(), e.getMessage());
                running = false;
                return;
            }
            if (callbacks.incrementAndGet() % periodsPerSecond == 0) {
                String problem = failures.report(name);
                if (problem != null) {
                    lastError = problem;
                }
            }
            deadline += period;
            long wait = deadline - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else if (-wait > MAX_LATE_PERIODS * period) {
                xruns.incrementAndGet();
                deadline = System.nanoTime();
            }
        }
    }

    @Override
    public final OutputFormat format() {
        return format;
    }

    @Override
    public final CaptureLayout capture() {
        return input.layout();
    }

    /** For descriptions: {@code , input sim (line 1, sense 2 of 2 channels)}, or nothing without input. */
    final String inputDescription() {
        return input.layout().captures() ? ", input " + input.description() : "";
    }

    @Override
    public final AudioOutputStats stats() {
        long n = callbacks.get();
        return new AudioOutputStats(running, n, n * format.periodFrames(), xruns.get(), 0, failures.count(),
                lastError);
    }

    @Override
    public final void close() {
        Thread t;
        synchronized (this) {
            t = thread;
            running = false;
        }
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        input.close();
        release();
    }
}
