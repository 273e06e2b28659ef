package vn.communeradio.gateway.supervision;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import vn.communeradio.gateway.control.ControlLoop;
import vn.communeradio.hal.audio.AudioOutput;
import vn.communeradio.hal.audio.AudioOutputStats;
import vn.communeradio.hal.clock.Ticker;

/**
 * Whether the station's two vital parts are alive, judged once per period by a supervising thread: the control
 * loop answers a heartbeat task posted one period earlier, and the audio output, while it says it is running,
 * has rendered at least one period since the last check ({@link AudioProgress}).
 *
 * <p>Judged by the loop's clock, and only over a period in which both had the chance to answer. A check that comes
 * more than half a period late was held up (a long GC pause, a board swapping, SIGSTOP, a paused VM), most likely
 * with the loop and the output, which resume with it: it does not judge, and they get a period from it. So does a
 * check that comes less than a period after the one before (a fixed-rate timer runs the checks it missed back to
 * back). Only one late check in a row is excused, so that a supervising thread late every time (a starved board)
 * still finds a hung station.
 */
public final class Liveness {

    private final ControlLoop loop;
    private final Ticker ticker;
    private final AudioProgress audio;
    private final Supplier<String> audioName;
    private final AtomicLong answered = new AtomicLong();
    private long posted;
    /** When heartbeat {@link #posted} was posted, on {@link #ticker}. */
    private long postedAt;
    /** When the period being watched began (the last check that judged or was excused), on {@link #ticker}. */
    private long watchedSince;
    /** When a check last saw the output render (or not running: not judged), on {@link #ticker}. */
    private long renderedAt;
    private boolean watching;
    /** The last check that looked was excused for coming late: the next one judges, however late. */
    private boolean excused;

    public Liveness(ControlLoop loop, Supplier<AudioOutputStats> audioStats, Supplier<String> audioName) {
        this.loop = loop;
        this.ticker = loop.ticker();
        this.audio = new AudioProgress(audioStats);
        this.audioName = audioName;
    }

    public static Liveness of(ControlLoop loop, AudioOutput audio) {
        return new Liveness(loop, audio::stats, audio::description);
    }

    /**
     * One check, from the supervising thread only, meant to come every {@code period}: null when both parts are
     * alive or when it is not the time to judge them (above), else what is hung, with how long on the loop's clock,
     * in words a technician can act on. Then posts the next heartbeat once the last one was answered.
     */
    public String check(Duration period) {
        long now = ticker.nanos();
        long watched = now - watchedSince;
        if (watching && watched < period.toNanos()) {
            return null;
        }
        boolean late = watched > period.toNanos() + period.toNanos() / 2;
        boolean judge = watching && (!late || excused);
        excused = watching && !judge;
        watching = true;
        boolean silent = audio.stalled(); // also the output's new starting point
        if (!silent) {
            renderedAt = now;
        }
        String problem = null;
        if (judge && answered.get() < posted) {
            String where = loop.busyIn();
            problem = String.format(Locale.ROOT, "the control loop has not answered for %.1f s%s: "
                            + "commands, schedules and relays are not being handled", (now - postedAt) / 1e9,
                    where.isEmpty() ? "" : " (stuck in " + where + ")");
        } else if (judge && silent) {
            problem = audioStalled(audioName.get(), (now - renderedAt) / 1e9);
        }
        if (answered.get() == posted) {
            long heartbeat = ++posted;
            postedAt = now;
            // refused only when the queue is full or the loop stopped: then it is not answering either
            loop.post(() -> answered.set(heartbeat));
        }
        watchedSince = now;
        return problem;
    }

    static String audioStalled(String output, double seconds) {
        return String.format(Locale.ROOT, "audio output %s has rendered nothing for %.1f s although it is "
                + "open: the sound card or JACK server stopped calling it, or the mixer is blocked", output, seconds);
    }
}
