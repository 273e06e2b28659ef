package vn.communeradio.gateway.audio;

import java.util.Arrays;
import vn.communeradio.hal.audio.Capture;

/**
 * The line input live ({@code input:line}: a microphone or mixer at the station): each period's captured line on
 * every output channel, in the callback that captured it. No buffer between them: the input and the output run on
 * one clock, so nothing can drift and nothing waits.
 */
public final class LineVoice implements Voice {

    /** Written by the callback only (one writer), read by the control loop: frames of the line put on air. */
    private volatile long programmeFrames;

    /** Called without a capture, there is no line to play: silence, and nothing counted as on air. */
    @Override
    public void read(float[] buffer, int frames, int channels) {
        Arrays.fill(buffer, 0, frames * channels, 0f);
    }

    @Override
    public void read(float[] buffer, int frames, int channels, Capture input) {
        if (input == null || !input.hasLine()) {
            read(buffer, frames, channels);
            return;
        }
        float[] line = input.line();
        for (int f = 0; f < frames; f++) {
            float s = line[f];
            for (int c = 0; c < channels; c++) {
                buffer[f * channels + c] = s;
            }
        }
        programmeFrames += frames;
    }

    /** Frames of the line input played so far: the session's time on air ({@code audio_s}). */
    @Override
    public long programmeFrames() {
        return programmeFrames;
    }
}
