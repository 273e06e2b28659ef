package vn.communeradio.gateway.decode;

/**
 * Keeps decoded samples within full scale: an MP3 can overshoot, a float WAV can hold anything (NaN too), an Opus
 * header gain can amplify; whoever converts our floats to integers downstream must not wrap around into a click.
 */
final class Clip {

    private Clip() {
    }

    static float unit(float v) {
        if (v >= -1f && v <= 1f) {
            return v;
        }
        return v > 1f ? 1f : v < -1f ? -1f : 0f; // NaN is neither: silence
    }
}
