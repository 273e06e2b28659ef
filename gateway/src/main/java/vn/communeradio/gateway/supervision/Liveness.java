package vn.communeradio.gateway.supervision;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import vn.communeradio.gateway.control.ControlLoop;
import vn.communeradio.hal.audio.AudioOutput;
import vn.communeradio.hal.audio.AudioOutputStats;

/**
 * Whether the station's two vital parts are alive, judged once per period by a supervising thread: the control
 * loop answers a heartbeat task posted one period earlier, and the audio output, while it says it is running,
 * has rendered at least one period since the last check ({@link AudioProgress}).
 */
public final class Liveness {

    private final ControlLoop loop;
    private final AudioProgress audio;
    private final Supplier<String> audioName;
    private final AtomicLong answered = new AtomicLong();
    private long posted;

    public Liveness(ControlLoop loop, Supplier<AudioOutputStats> audioStats, Supplier<String> audioName) {
        this.loop = loop;
        this.audio = new AudioProgress(audioStats);
        this.audioName = audioName;
    }

    public static Liveness of(ControlLoop loop, AudioOutput audio) {
        return new Liveness(loop, audio::stats, audio::description);
    }

    /**
     * One check, from the supervising thread only, {@code periodSeconds} after the previous one: null when both
     * parts are alive, else what is hung in words a technician can act on. Then posts the next heartbeat.
     */
    public String check(double periodSeconds) {
        String problem = null;
        if (answered.get() < posted) {
            String where = loop.busyIn();
            problem = String.format(java.util.Locale.ROOT, "the control loop has not answered for %.1f s%s: "
                            + "commands, schedules and relays are not being handled", periodSeconds,
                    where.isEmpty() ? "" : " (stuck in " + where + ")");
        }
        if (audio.stalled() && problem == null) {
            problem = audioStalled(audioName.get(), periodSeconds);
        }
        if (answered.get() == posted) {
            long heartbeat = ++posted;
            // refused only when the queue is full or the loop stopped: then it is not answering either
            loop.post(() -> answered.set(heartbeat));
        }
        return problem;
    }

    static String audioStalled(String output, double seconds) {
        return String.format(java.util.Locale.ROOT, "audio output %s has rendered nothing for %.1f s although it is "
                + "open: the sound card or JACK server stopped calling it, or the mixer is blocked", output, seconds);
    }
}
