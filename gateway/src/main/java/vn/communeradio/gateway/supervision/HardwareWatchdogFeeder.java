package vn.communeradio.gateway.supervision;

import java.time.Duration;
import org.tinylog.Logger;
import vn.communeradio.hal.audio.AudioOutput;
import vn.communeradio.hal.clock.Ticker;
import vn.communeradio.hal.watchdog.Watchdog;

/**
 * Kicks the board's hardware watchdog ({@code hal.watchdog}) from the control loop, so a hung loop stops the
 * kicks, and only while the audio output renders, so a hung audio engine does too. A single look without audio
 * progress (a pause of the whole JVM) merely skips a kick: the device's timeout is many kicks long.
 *
 * <p>The stall is reported after {@link #REPORT_AFTER} intervals of the loop's clock without a period rendered, not
 * after so many looks: a loop that was late runs the looks it missed back to back, and no output renders between
 * two of them, so counting looks blamed a rendering output for the loop's own delay (five seconds late on a board;
 * in the tests, every time a station's clock is moved a minute ahead).
 */
public final class HardwareWatchdogFeeder implements Runnable {

    /** Intervals without progress before the stall is reported (kicks already stopped with the first look). */
    static final int REPORT_AFTER = 5;

    private final Watchdog watchdog;
    private final AudioOutput audio;
    private final AudioProgress progress;
    private final Duration interval;
    private final Ticker ticker;
    /** When a look last saw the output render (or not running: not judged), on {@link #ticker}. */
    private long renderedAt;
    private boolean reported;

    /**
     * @param interval how often the loop runs this; the stall is reported after {@link #REPORT_AFTER} of them
     * @param ticker   the control loop's clock, which those intervals count on
     */
    public HardwareWatchdogFeeder(Watchdog watchdog, AudioOutput audio, Duration interval, Ticker ticker) {
        this.watchdog = watchdog;
        this.audio = audio;
        this.progress = new AudioProgress(audio::stats);
        this.interval = interval;
        this.ticker = ticker;
        this.renderedAt = ticker.nanos();
    }

    /** One look, on the control loop. */
    @Override
    public void run() {
        String stall = look();
        if (stall != null) {
            Logger.error("{}; hardware watchdog {} no longer kicked: the board resets when it runs out", stall,
                    watchdog.description());
        }
    }

    /** Kicks if the output rendered since the previous look; returns the stall to report, once, else null. */
    String look() {
        long now = ticker.nanos();
        if (!progress.stalled()) {
            if (reported) {
                Logger.info("audio output {} renders again; hardware watchdog {} kicked again", audio.description(),
                        watchdog.description());
            }
            reported = false;
            renderedAt = now;
            watchdog.kick();
            return null;
        }
        long silent = now - renderedAt;
        if (reported || silent < interval.toNanos() * REPORT_AFTER) {
            return null;
        }
        reported = true;
        return Liveness.audioStalled(audio.description(), silent / 1e9);
    }
}
