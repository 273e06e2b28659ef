package vn.communeradio.hal.audio;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * The one policy of every output for a renderer that throws: that period is played as silence and counted, the
 * output keeps going (a renderer bug must not cost a station its sound card or its JACK client), and the failures
 * are reported (a log line, the output's last error) at most once a second, never from the real-time call.
 */
final class RenderFailures {

    private final AtomicLong failures = new AtomicLong();
    /** Only the reporting thread touches it. */
    private long reported;

    /**
     * On the render thread: renders one period into {@code buffer}, with that period's {@code input}, or fills its {@code samples} with silence and
     * counts when the renderer throws. Allocates nothing, locks nothing, logs nothing.
     */
    void render(AudioRenderer renderer, float[] buffer, int frames, int samples, Capture input) {
        try {
            renderer.render(buffer, frames, input);
        } catch (Throwable t) {
            failed();
            Arrays.fill(buffer, 0, samples, 0f);
        }
    }

    /** On the render thread: a period the output could not play for a fault of its own call; it plays silence. */
    void failed() {
        failures.incrementAndGet();
    }

    /** Periods played as silence because the renderer failed, since start. */
    long count() {
        return failures.get();
    }

    /**
     * Off the real-time call, from one thread (at most once a second): the failures since the last report in words,
     * logged, or null when there were none. The output names itself only then: a paced output's render thread asks
     * every second, and building its description each time would allocate there.
     */
    String report(Supplier<String> output) {
        long now = failures.get();
        if (now == reported) {
            return null;
        }
        String problem = "the audio renderer failed in " + (now - reported) + " periods (" + now
                + " since start); they were played as silence";
        reported = now;
        Logger.error("{}: {}", output.get(), problem);
        return problem;
    }
}
