package vn.communeradio.gateway.supervision;

import java.util.function.Supplier;
import vn.communeradio.hal.audio.AudioOutputStats;

/**
 * Whether an audio output that says it runs keeps rendering: its period counter, compared with the previous
 * look. An output that is not running (not started yet, JACK reconnecting after its server restarted) is not
 * judged: it reports that itself, and restarting the service would not bring a sound server back.
 */
final class AudioProgress {

    private final Supplier<AudioOutputStats> stats;
    private AudioOutputStats last;

    AudioProgress(Supplier<AudioOutputStats> stats) {
        this.stats = stats;
    }

    /** True when the output ran at the previous look and now and rendered no period in between. One caller. */
    boolean stalled() {
        AudioOutputStats now = stats.get();
        boolean stalled = last != null && last.running() && now.running() && now.callbacks() == last.callbacks();
        last = now;
        return stalled;
    }
}
