package vn.communeradio.gateway.audio;

/**
 * Volume 0..100 to a linear gain on a perceptual curve: the cubic law, gain = (level / 100)³.
 *
 * <p>Why cubic rather than dB-linear: it is what technicians already know from alsamixer's mapped volume and
 * PulseAudio's software volume (both cube-law), it reaches exactly 0 at 0 without the jump from −60 dB to
 * silence that a dB-linear scale needs at its bottom step, and it is close to dB-linear where volumes are
 * actually set: 100 → 0 dB, 80 → −5.8 dB, 70 → −9.3 dB, 50 → −18 dB, 30 → −31 dB, 10 → −60 dB.
 */
public final class VolumeCurve {

    private VolumeCurve() {
    }

    /** Levels outside 0..100 are clamped: a bad level must never raise the gain past unity. */
    public static float gain(int level) {
        if (level <= 0) {
            return 0f;
        }
        if (level >= 100) {
            return 1f;
        }
        float x = level / 100f;
        return x * x * x;
    }
}
