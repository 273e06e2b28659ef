package vn.communeradio.gateway.supervision;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import vn.communeradio.hal.audio.AudioOutputException;
import vn.communeradio.hal.audio.NullAudioOutput;
import vn.communeradio.hal.audio.OutputFormat;

/**
 * The real null audio output with its render calls let through one at a time, so that a test decides when the
 * output renders a period and when it renders nothing, whatever the machine's load.
 */
final class SteppedNullOutput implements AutoCloseable {

    final NullAudioOutput audio = new NullAudioOutput(new OutputFormat(48_000, 2, 480));
    /** Render calls let through; each call takes one. */
    private final Semaphore periods = new Semaphore(0);
    /** Released as each render call begins, once the output has counted the ones before. */
    private final Semaphore rendering = new Semaphore(0);

    /** Starts the output; returns once its first render call waits for the test. */
    static SteppedNullOutput started() throws AudioOutputException, InterruptedException {
        SteppedNullOutput output = new SteppedNullOutput();
        output.audio.start((buffer, frames) -> {
            output.rendering.release();
            output.periods.acquireUninterruptibly();
        });
        assertTrue(output.rendering.tryAcquire(5, TimeUnit.SECONDS), "the null output calls its renderer");
        return output;
    }

    /** Lets one period render and waits until the output has counted it. */
    void renderOnePeriod() throws InterruptedException {
        periods.release();
        assertTrue(rendering.tryAcquire(5, TimeUnit.SECONDS), "the next period begins");
    }

    @Override
    public void close() {
        periods.release(1_000_000);
        audio.close();
    }
}
