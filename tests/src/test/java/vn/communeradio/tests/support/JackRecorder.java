package vn.communeradio.tests.support;

import java.util.EnumSet;
import java.util.List;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackOptions;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;

/**
 * A JACK client with two inputs that listens to what an output plays: it notes when the first sound arrives
 * (for latency) and records up to a fixed number of frames from then on into preallocated arrays (none for a long
 * soak, so that memory stays flat). Its process callback allocates only what JNAJack's port access does (~48
 * bytes a period), on its own thread, which is not the output's.
 */
public final class JackRecorder implements AutoCloseable {

    /** Below this a sample counts as silence: decoder and resampler output of digital silence is exactly 0. */
    private static final float SOUND = 1e-4f;

    private final JackClient client;
    private final JackPort[] inputs = new JackPort[2];
    private final float[][] data;
    private final long nanosPerFrame;
    private volatile int recorded;
    private volatile long callbacks;
    private volatile long firstSoundNanos;
    private volatile long thread = -1;
    private boolean closed;

    /**
     * @param serverName     JACK server ({@code jackd -n}); libjack takes it from JACK_DEFAULT_SERVER, which the
     *                       output under test sets for the whole process, so open this after it
     * @param captureFrames  frames kept from the first sound on; 0 to only detect it
     */
    public JackRecorder(String name, int captureFrames) throws JackException {
        client = Jack.getInstance().openClient(name,
                EnumSet.of(JackOptions.JackNoStartServer, JackOptions.JackUseExactName), null);
        data = new float[2][captureFrames];
        nanosPerFrame = 1_000_000_000L / client.getSampleRate();
        for (int c = 0; c < 2; c++) {
            inputs[c] = client.registerPort("in_" + (c + 1), JackPortType.AUDIO, JackPortFlags.JackPortIsInput);
        }
        client.setProcessCallback(this::process);
        client.activate();
    }

    private boolean process(JackClient c, int frames) {
        thread = Thread.currentThread().getId();
        callbacks = callbacks + 1;
        var left = inputs[0].getFloatBuffer();
        var right = inputs[1].getFloatBuffer();
        int from = 0;
        if (firstSoundNanos == 0) {
            from = -1;
            for (int i = 0; i < frames && from < 0; i++) {
                if (Math.abs(left.get(i)) > SOUND || Math.abs(right.get(i)) > SOUND) {
                    from = i;
                }
            }
            if (from < 0) {
                return true;
            }
            // the period's start is when the callback runs; frame i of it plays i frames later
            firstSoundNanos = System.nanoTime() + from * nanosPerFrame;
        }
        int at = recorded;
        int n = Math.min(frames - from, data[0].length - at);
        if (n > 0) {
            left.position(from);
            left.get(data[0], at, n);
            right.position(from);
            right.get(data[1], at, n);
            recorded = at + n;
        }
        return true;
    }

    /** The two input ports, to give an output as the ports to connect to. */
    public List<String> inputs() {
        return List.of(inputs[0].getName(), inputs[1].getName());
    }

    /** {@link System#nanoTime()} at which the first sound arrived, or 0. */
    public long firstSoundNanos() {
        return firstSoundNanos;
    }

    public boolean heardSound() {
        return firstSoundNanos != 0;
    }

    /**
     * Listens for the next first sound, for repeated latency measurements; what was recorded is dropped. Call it
     * while the output is silent.
     */
    public void rearm() {
        recorded = 0;
        firstSoundNanos = 0;
    }

    /** Frames recorded since the first sound. */
    public int recorded() {
        return recorded;
    }

    public long callbacks() {
        return callbacks;
    }

    /** The id of the recorder's own process thread, or -1 before its first callback. */
    public long thread() {
        return thread;
    }

    /** A copy of one channel's recorded frames (0 left, 1 right). */
    public float[] channel(int c) {
        return java.util.Arrays.copyOf(data[c], recorded);
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
