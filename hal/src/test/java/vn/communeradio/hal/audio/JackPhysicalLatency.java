package vn.communeradio.hal.audio;

import java.time.Duration;
import java.util.EnumSet;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackLatencyCallbackMode;
import org.jaudiolibs.jnajack.JackOptions;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;

/**
 * What a JACK server says its physical ports add (capture latency of {@code system:capture_1}, playback latency of
 * {@code system:playback_1}), read as the port latency ranges of a client of its own connected to them: with the
 * delay measured through the graph ({@link JackLoopProbe}), line in at the converter to sound out at the converter.
 * Open it after an output has selected the server for the process ({@link JackAudioOutput}).
 */
public final class JackPhysicalLatency implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final JackClient client;
    private final JackPort fromCapture;
    private final JackPort toPlayback;

    public JackPhysicalLatency(String name) throws JackException {
        client = Jack.getInstance().openClient(name, EnumSet.of(JackOptions.JackNoStartServer,
                JackOptions.JackUseExactName), null);
        fromCapture = client.registerPort("from_capture", JackPortType.AUDIO, JackPortFlags.JackPortIsInput);
        toPlayback = client.registerPort("to_playback", JackPortType.AUDIO, JackPortFlags.JackPortIsOutput);
        client.setProcessCallback((cl, frames) -> {
            var out = toPlayback.getFloatBuffer();
            for (int i = 0; i < frames; i++) {
                out.put(i, 0f);
            }
            return true;
        });
        client.activate();
        Jack.getInstance().connect(client, "system:capture_1", fromCapture.getName());
        Jack.getInstance().connect(client, toPlayback.getName(), "system:playback_1");
    }

    /** Frames from the converter's input to a client's input port (the range's maximum). */
    public long captureFrames() throws JackException, InterruptedException {
        return latency(fromCapture, JackLatencyCallbackMode.JackCaptureLatency);
    }

    /** Frames from a client's output port to the converter's output (the range's maximum). */
    public long playbackFrames() throws JackException, InterruptedException {
        return latency(toPlayback, JackLatencyCallbackMode.JackPlaybackLatency);
    }

    /** The range's maximum, once the server has propagated it after the connection. */
    private static long latency(JackPort port, JackLatencyCallbackMode mode)
            throws JackException, InterruptedException {
        JackPort.JackLatencyRange range = new JackPort.JackLatencyRange();
        long deadline = System.nanoTime() + WAIT.toNanos();
        do {
            port.getLatencyRange(range, mode);
            if (range.getMax() > 0) {
                return range.getMax();
            }
            Thread.sleep(20); // poll interval of a condition with a deadline
        } while (System.nanoTime() < deadline);
        throw new IllegalStateException("the server reported no " + mode + " for " + port.getName() + " within "
                + WAIT);
    }

    @Override
    public void close() {
        client.deactivate();
        client.close();
    }
}
