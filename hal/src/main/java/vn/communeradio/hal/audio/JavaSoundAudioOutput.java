package vn.communeradio.hal.audio;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;
import org.tinylog.Logger;

/**
 * Plays through Java Sound (plain ALSA) for boards without JACK: a render thread of its own writes 16-bit
 * periods into the line, whose blocking write is the clock.
 */
public final class JavaSoundAudioOutput implements AudioOutput {

    /** Periods of headroom in the device buffer: enough to ride out GC pauses, small enough for fast fades. */
    private static final int BUFFER_PERIODS = 4;

    private final String device;
    private final OutputFormat format;
    private final AudioInput input;
    private final AtomicLong callbacks = new AtomicLong();
    private final AtomicLong underruns = new AtomicLong();
    private final RenderFailures failures = new RenderFailures();
    private volatile boolean running;
    private volatile String lastError;
    private SourceDataLine line;
    private Thread thread;

    /** @param device part of a mixer name (case-insensitive), or empty for the system default */
    public JavaSoundAudioOutput(String device, OutputFormat format) {
        this(device, format, AudioInput.NONE);
    }

    /**
     * @param input read in the same loop (a {@link JavaSoundAudioInput} of the same card), its capture handed to the
     *              renderer with each period
     */
    public JavaSoundAudioOutput(String device, OutputFormat format, AudioInput input) {
        this.device = device == null ? "" : device;
        this.format = format;
        this.input = input;
    }

    @Override
    public synchronized void start(AudioRenderer renderer) throws AudioOutputException {
        AudioFormat pcm = new AudioFormat(format.sampleRate(), 16, format.channels(), true, false);
        DataLine.Info info = new DataLine.Info(SourceDataLine.class, pcm);
        try {
            line = (SourceDataLine) (device.isEmpty() ? AudioSystem.getLine(info)
                    : JavaSoundMixers.find(device).getLine(info));
            line.open(pcm, format.periodSamples() * 2 * BUFFER_PERIODS);
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            throw new AudioOutputException("Java Sound output " + name() + " cannot play " + format.sampleRate()
                    + " Hz 16-bit stereo: " + e.getMessage(), e);
        }
        try {
            input.open(format);
        } catch (AudioOutputException | RuntimeException e) {
            line.close();
            line = null;
            throw e;
        }
        renderer.prepare(format);
        line.start();
        running = true;
        thread = new Thread(() -> renderLoop(renderer), "audio-javasound");
        thread.setPriority(Thread.MAX_PRIORITY);
        thread.setDaemon(true);
        thread.start();
    }

    private void renderLoop(AudioRenderer renderer) {
        float[] buffer = new float[format.periodSamples()];
        byte[] bytes = new byte[buffer.length * 2];
        int frames = format.periodFrames();
        Capture capture = new Capture(input.layout(), frames);
        capture.frames(frames);
        int bufferBytes = line.getBufferSize();
        long periodsPerSecond = Math.max(1, format.sampleRate() / frames);
        Supplier<String> name = this::description;
        while (running) {
            if (!input.read(capture, frames)) {
                underruns.incrementAndGet();
            }
            failures.render(renderer, buffer, frames, buffer.length, capture);
            input.played(buffer, frames, format.channels());
            for (int i = 0; i < buffer.length; i++) {
                float s = Math.max(-1f, Math.min(1f, buffer[i]));
                int v = Math.round(s * 32767f);
                bytes[2 * i] = (byte) v;
                bytes[2 * i + 1] = (byte) (v >> 8);
            }
            if (callbacks.get() > BUFFER_PERIODS && line.available() >= bufferBytes) {
                underruns.incrementAndGet();
            }
            line.write(bytes, 0, bytes.length);
            if (callbacks.incrementAndGet() % periodsPerSecond == 0) {
                String problem = failures.report(name);
                if (problem != null) {
                    lastError = problem;
                }
            }
        }
    }

    @Override
    public OutputFormat format() {
        return format;
    }

    @Override
    public CaptureLayout capture() {
        return input.layout();
    }

    @Override
    public AudioOutputStats stats() {
        long n = callbacks.get();
        return new AudioOutputStats(running, n, n * format.periodFrames(), underruns.get(), 0, failures.count(),
                lastError);
    }

    @Override
    public String description() {
        return "javasound " + name() + " (" + format.sampleRate() + " Hz, " + format.periodFrames() + " frames"
                + (input.layout().captures() ? ", input " + input.description() : "") + ")";
    }

    private String name() {
        return device.isEmpty() ? "default device" : "'" + device + "'";
    }

    @Override
    public synchronized void close() {
        running = false;
        if (line != null) {
            line.stop();
            line.flush();
        }
        if (thread != null) {
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
        input.close();
        if (line != null) {
            line.close();
            line = null;
            Logger.debug("Java Sound output closed");
        }
    }
}
