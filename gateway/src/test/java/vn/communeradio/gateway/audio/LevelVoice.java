package vn.communeradio.gateway.audio;

import java.util.Arrays;

/**
 * A test voice at a constant level while its source delivers, silence while it does not: it counts programme
 * frames and gaps as the station's voices do, and the test switches its source on and off.
 */
public final class LevelVoice implements Voice {

    private final float level;
    private volatile boolean delivering;
    private volatile long programmeFrames;
    private volatile long gaps;
    private boolean heardBefore;

    /** A voice whose source delivers {@code level} from the start. */
    public LevelVoice(float level) {
        this(level, true);
    }

    public LevelVoice(float level, boolean delivering) {
        this.level = level;
        this.delivering = delivering;
    }

    /** Its source delivers (true) or has nothing (false) from the next read on. */
    public void delivering(boolean on) {
        delivering = on;
    }

    @Override
    public void read(float[] buffer, int frames, int channels) {
        boolean on = delivering;
        Arrays.fill(buffer, 0, frames * channels, on ? level : 0f);
        if (on) {
            programmeFrames += frames;
            heardBefore = true;
        } else if (heardBefore) {
            gaps++;
            heardBefore = false;
        }
    }

    @Override
    public long programmeFrames() {
        return programmeFrames;
    }

    @Override
    public long gaps() {
        return gaps;
    }
}
