package vn.communeradio.gateway.supervision;

import java.time.Duration;
import org.tinylog.Logger;
import vn.communeradio.hal.audio.AudioOutput;
import vn.communeradio.hal.watchdog.Watchdog;

/**
 * Kicks the board's hardware watchdog ({@code hal.watchdog}) from the control loop, so a hung loop stops the
 * kicks, and only while the audio output renders, so a hung audio engine does too. A single look without audio
 * progress (a pause of the whole JVM) merely skips a kick: the device's timeout is many kicks long.
 */
public final class HardwareWatchdogFeeder implements Runnable {

    /** Looks without progress before the stall is reported (kicks already stopped with the first). */
    static final int REPORT_AFTER = 5;

    private final Watchdog watchdog;
    private final AudioOutput audio;
    private final AudioProgress progress;
    private final Duration interval;
    private int stalledLooks;

    /** @param interval how often the loop runs this, for the report */
    public HardwareWatchdogFeeder(Watchdog watchdog, AudioOutput audio, Duration interval) {
        this.watchdog = watchdog;
        this.audio = audio;
        this.progress = new AudioProgress(audio::stats);
        this.interval = interval;
    }

    /** One look, on the control loop. */
    @Override
    public void run() {
        if (!progress.stalled()) {
            if (stalledLooks >= REPORT_AFTER) {
                Logger.info("audio output {} renders again; hardware watchdog {} kicked again", audio.description(),
                        watchdog.description());
            }
            stalledLooks = 0;
            watchdog.kick();
            return;
        }
        if (++stalledLooks == REPORT_AFTER) {
            Logger.error("{}; hardware watchdog {} no longer kicked: the board resets when it runs out",
                    Liveness.audioStalled(audio.description(), interval.toMillis() * REPORT_AFTER / 1000.0),
                    watchdog.description());
        }
    }
}
