package vn.communeradio.gateway.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * An idle output skips the limiter (most of an idle station's audio CPU), and nobody can hear it: the tail of the
 * last sound still comes out, and the next sound is limited exactly as if the limiter had run all along.
 */
class MixerIdleTest {

    private static final int RATE = 48000;
    private static final int BLOCK = 256;

    /** The limiter's input: an overdriven burst, 3.5 s of silence (its release takes ~1.7 s), another burst. */
    private static float[] burstSilenceBurst() {
        float[] loud = Signals.sine(1000, 3.0, RATE, RATE / 2, 1);
        float[] x = new float[RATE * 9 / 2];
        System.arraycopy(loud, 0, x, 0, loud.length);
        System.arraycopy(loud, 0, x, RATE * 4, loud.length);
        return x;
    }

    @Test
    void skippingTheSettledLimiterOnSilenceChangesNoSample() {
        float[] x = burstSilenceBurst();
        Limiter always = new Limiter(1, RATE);
        Limiter skipping = new Limiter(1, RATE);
        int skipped = 0;
        float[] a = new float[BLOCK];
        float[] b = new float[BLOCK];
        for (int at = 0; at + BLOCK <= x.length; at += BLOCK) {
            System.arraycopy(x, at, a, 0, BLOCK);
            System.arraycopy(x, at, b, 0, BLOCK);
            always.process(a, BLOCK);
            boolean silence = Arrays.equals(b, new float[BLOCK]);
            if (silence && skipping.settled()) {
                skipped++;
            } else {
                skipping.process(b, BLOCK);
            }
            assertArrayEquals(a, b, "block at frame " + at);
            assertEquals(always.reductionDb(), skipping.reductionDb(), "reported reduction at frame " + at);
        }
        assertTrue(skipped > RATE / 2 / BLOCK, "most of the silence was skipped: " + skipped + " blocks");
    }

    @Test
    void theLimiterIsNotSettledWhileItStillHoldsSoundOrReduction() {
        Limiter limiter = new Limiter(1, RATE);
        assertFalse(limiter.settled(), "a fresh limiter has not seen its delay line's worth of silence yet");
        float[] silence = new float[BLOCK];
        limiter.process(silence, BLOCK);
        assertTrue(limiter.settled());
        float[] loud = Signals.sine(1000, 3.0, RATE, BLOCK, 1);
        limiter.process(loud, BLOCK);
        limiter.process(new float[BLOCK], BLOCK);
        assertFalse(limiter.settled(), "the gain is still coming back from the overdriven block");
    }

    @Test
    void aClearedVoiceStillPlaysOutTheLimitersDelayLine() {
        Mixer mixer = new Mixer(1, RATE);
        mixer.play(new LevelVoice(0.5f), 1f);
        float[] out = new float[BLOCK];
        for (int i = 0; i < 20; i++) { // past the gain's fade-in
            mixer.render(out, BLOCK);
        }
        mixer.clear();
        mixer.render(out, BLOCK);
        assertNotEquals(0f, out[0], "the last 1 ms of sound (the limiter's look-ahead) comes out after the voice is gone");
        mixer.render(out, BLOCK);
        assertArrayEquals(new float[BLOCK], out, "then silence");
    }
}
