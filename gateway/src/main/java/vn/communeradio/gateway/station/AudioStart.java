package vn.communeradio.gateway.station;

import java.time.Duration;
import org.tinylog.Logger;
import vn.communeradio.gateway.control.ControlLoop;
import vn.communeradio.hal.audio.AudioOutput;
import vn.communeradio.hal.audio.AudioOutputException;
import vn.communeradio.hal.audio.AudioRenderer;

/**
 * Opens the audio output from the control loop, and again every few seconds while it cannot (a JACK server not
 * up yet, a sound card busy): the station runs meanwhile, and says why it is silent.
 */
final class AudioStart {

    static final Duration RETRY = Duration.ofSeconds(5);

    private final AudioOutput output;
    private final AudioRenderer renderer;
    private final ControlLoop loop;
    private final Runnable started;
    private final java.util.function.Consumer<String> problem;
    /** Set on the loop; read by status and the update's health check on other threads. */
    private volatile boolean running;

    /**
     * @param started runs once the output plays (systemd's readiness)
     * @param problem why it cannot start, in words, each time it fails
     */
    AudioStart(AudioOutput output, AudioRenderer renderer, ControlLoop loop, Runnable started,
               java.util.function.Consumer<String> problem) {
        this.output = output;
        this.renderer = renderer;
        this.loop = loop;
        this.started = started;
        this.problem = problem;
    }

    /** Tries now, on the control loop. */
    void run() {
        loop.assertOnLoop();
        try {
            output.start(renderer);
            running = true;
            Logger.info("audio output {} started", output.description());
            started.run();
        } catch (AudioOutputException | RuntimeException e) {
            Logger.error("audio output cannot start: {}; retrying in {} s", e.getMessage(), RETRY.toSeconds());
            problem.accept("audio output cannot start: " + e.getMessage());
            loop.schedule(RETRY, this::run);
        }
    }

    /** The output was opened (it may have stopped since: see its stats); any thread. */
    boolean started() {
        return running;
    }
}
