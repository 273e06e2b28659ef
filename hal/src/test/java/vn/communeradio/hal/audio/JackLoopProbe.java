package vn.communeradio.hal.audio;

import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackOptions;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;

/**
 * Measures, to the frame, how long a signal takes from one JACK client to another through whatever is connected
 * between them (a station's capture port, its renderer, its output port). A feeder client writes on each of its
 * outputs a time code, the JACK frame time at which the sample was written; a listener client decodes what reaches
 * each of its inputs and keeps, per input, the smallest and largest delay seen, in frames of JACK's clock. Being
 * two clients, feeder then station then listener run in the order of the graph, within one cycle: a delay of 0
 * means the station passed the sample on in the period it got it.
 *
 * <p>Code on output c: {@code ±((t mod 2^16) + 1) / 2^17}, + on even outputs and − on odd ones (a swapped channel
 * shows as a sign error), exact in a float, so a renderer that copies samples passes it unchanged. Both callbacks
 * allocate only what JNAJack's port access does, on their own threads.
 */
public final class JackLoopProbe implements AutoCloseable {

    private static final int CODE_MOD = 1 << 16;
    private static final float CODE_SCALE = 1 << 17;

    private final JackClient feeder;
    private final JackClient listener;
    private final JackPort[] outs;
    private final JackPort[] ins;
    private final AtomicLong[] minDelay;
    private final AtomicLong[] maxDelay;
    private final AtomicLong[] coded;
    private final AtomicLong[] wrong;
    private volatile boolean measuring = true;
    private boolean closed;

    /**
     * Opens both clients on the server libjack selects (JACK_DEFAULT_SERVER, which an output sets for the process:
     * open this after {@link JackAudioOutput#selectServer}) with {@code channels} ports each.
     */
    public JackLoopProbe(String name, int channels) throws JackException {
        Jack jack = Jack.getInstance();
        EnumSet<JackOptions> options = EnumSet.of(JackOptions.JackNoStartServer, JackOptions.JackUseExactName);
        feeder = jack.openClient(name + "-feed", options, null);
        listener = jack.openClient(name + "-listen", options, null);
        outs = new JackPort[channels];
        ins = new JackPort[channels];
        minDelay = new AtomicLong[channels];
        maxDelay = new AtomicLong[channels];
        coded = new AtomicLong[channels];
        wrong = new AtomicLong[channels];
        for (int c = 0; c < channels; c++) {
            outs[c] = feeder.registerPort("out_" + (c + 1), JackPortType.AUDIO, JackPortFlags.JackPortIsOutput);
            ins[c] = listener.registerPort("in_" + (c + 1), JackPortType.AUDIO, JackPortFlags.JackPortIsInput);
            minDelay[c] = new AtomicLong(Long.MAX_VALUE);
            maxDelay[c] = new AtomicLong(Long.MIN_VALUE);
            coded[c] = new AtomicLong();
            wrong[c] = new AtomicLong();
        }
        feeder.setProcessCallback(this::feed);
        listener.setProcessCallback(this::listen);
        feeder.activate();
        listener.activate();
    }

    /** The feeder's output ports, full names: connect them to what is measured. */
    public List<String> feeds() {
        return List.of(outs).stream().map(JackPort::getName).toList();
    }

    /** The listener's input ports, full names. */
    public List<String> ears() {
        return List.of(ins).stream().map(JackPort::getName).toList();
    }

    /** What {@code port} (any client's) is connected to. */
    public List<String> connections(String port) throws JackException {
        return List.of(Jack.getInstance().getAllConnections(feeder, port));
    }

    /** The JACK frame time at the start of this cycle, or -1 (the call failed: the cycle is let go). */
    private static long cycleStart(JackClient client) {
        try {
            return client.getLastFrameTime();
        } catch (JackException e) {
            return -1;
        }
    }

    private boolean feed(JackClient client, int frames) {
        long t = cycleStart(client);
        if (t < 0) {
            return true;
        }
        for (int c = 0; c < outs.length; c++) {
            var buffer = outs[c].getFloatBuffer();
            for (int i = 0; i < frames; i++) {
                buffer.put(i, code(t + i, c));
            }
        }
        return true;
    }

    static float code(long frameTime, int channel) {
        float v = ((frameTime % CODE_MOD) + 1) / CODE_SCALE;
        return channel % 2 == 0 ? v : -v;
    }

    private boolean listen(JackClient client, int frames) {
        long t = cycleStart(client);
        if (!measuring || t < 0) {
            return true;
        }
        for (int c = 0; c < ins.length; c++) {
            var buffer = ins[c].getFloatBuffer();
            for (int i = 0; i < frames; i++) {
                float v = buffer.get(i);
                if (v == 0f) {
                    continue; // not connected yet, or silence
                }
                float scaled = Math.abs(v) * CODE_SCALE;
                long sent = (long) scaled - 1;
                if (scaled != (float) Math.rint(scaled) || (v > 0) != (c % 2 == 0) || sent < 0) {
                    wrong[c].incrementAndGet();
                    continue;
                }
                long delay = Math.floorMod(t + i - sent, CODE_MOD);
                minDelay[c].accumulateAndGet(delay, Math::min);
                maxDelay[c].accumulateAndGet(delay, Math::max);
                coded[c].incrementAndGet();
            }
        }
        return true;
    }

    /** Samples of time code received on listener input {@code c} (0-based). */
    public long coded(int c) {
        return coded[c].get();
    }

    /** Samples on input {@code c} that were not its time code (another channel's, or altered). */
    public long wrong(int c) {
        return wrong[c].get();
    }

    /**
     * Forgets the smallest and largest delays seen so far, to measure a steady state from now on: samples scaled
     * on their way (a fade-in) are not time code, and one that happens to scale to a whole code reads as a wrong
     * delay.
     */
    public void forgetDelays() {
        for (int c = 0; c < ins.length; c++) {
            minDelay[c].set(Long.MAX_VALUE);
            maxDelay[c].set(Long.MIN_VALUE);
        }
    }

    /** Stops measuring: the figures stay as they are. */
    public void stop() {
        measuring = false;
    }

    /** The smallest delay seen on input {@code c}, in frames; Long.MAX_VALUE when none was seen. */
    public long minDelay(int c) {
        return minDelay[c].get();
    }

    /** The largest delay seen on input {@code c}, in frames; Long.MIN_VALUE when none was seen. */
    public long maxDelay(int c) {
        return maxDelay[c].get();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            for (JackClient client : List.of(feeder, listener)) {
                client.deactivate();
                client.close();
            }
        }
    }
}
