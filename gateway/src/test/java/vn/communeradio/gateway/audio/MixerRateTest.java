package vn.communeradio.gateway.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import vn.communeradio.hal.audio.OutputFormat;

/**
 * The mixer's limiter is timed in the output's frames: built at the configured rate, re-timed when the output says
 * its own (a JACK server imposes its rate whatever audio.sample_rate says), so that its 1 ms look-ahead and 5 ms hold
 * stay 1 ms and 5 ms.
 */
class MixerRateTest {

    @Test
    void theLimiterRunsAtTheRateTheOutputReports() {
        Mixer mixer = new Mixer(1, 44_100);
        assertEquals(44, mixer.latencyFrames(), "1 ms at 44.1 kHz");
        mixer.prepare(new OutputFormat(48_000, 2, 256));
        assertEquals(48, mixer.latencyFrames(), "1 ms at the output's 48 kHz");

        mixer.play(new LevelVoice(0.5f), 1f);
        float[] out = new float[256];
        mixer.render(out, 256);
        assertEquals(48, firstSound(out), "frames before the voice's first sample comes out");
    }

    @Test
    void theSameRateKeepsTheLimiterAndWhatItHolds() {
        Mixer mixer = new Mixer(1, 48_000);
        mixer.play(new LevelVoice(0.5f), 1f);
        float[] out = new float[256];
        mixer.render(out, 256);
        mixer.clear();
        mixer.prepare(new OutputFormat(48_000, 2, 512));
        mixer.render(out, 256);
        assertEquals(0, firstSound(out), "the look-ahead's last millisecond still comes out");
    }

    private static int firstSound(float[] out) {
        for (int i = 0; i < out.length; i++) {
            if (out[i] != 0f) {
                return i;
            }
        }
        return -1;
    }
}
