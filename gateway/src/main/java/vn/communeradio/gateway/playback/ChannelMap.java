package vn.communeradio.gateway.playback;

/** Maps interleaved PCM between channel counts: mono is copied to every output channel, stereo is averaged to mono. */
final class ChannelMap {

    private ChannelMap() {
    }

    /** Returns {@code in} itself when the counts match, else {@code out} filled with {@code frames} mapped frames. */
    static float[] map(float[] in, int frames, int inChannels, float[] out, int outChannels) {
        if (inChannels == outChannels) {
            return in;
        }
        if (inChannels == 1) {
            for (int f = 0; f < frames; f++) {
                float s = in[f];
                for (int c = 0; c < outChannels; c++) {
                    out[f * outChannels + c] = s;
                }
            }
        } else if (outChannels == 1) {
            for (int f = 0; f < frames; f++) {
                float sum = 0f;
                for (int c = 0; c < inChannels; c++) {
                    sum += in[f * inChannels + c];
                }
                out[f] = sum / inChannels;
            }
        } else {
            for (int f = 0; f < frames; f++) {
                for (int c = 0; c < outChannels; c++) {
                    out[f * outChannels + c] = in[f * inChannels + Math.min(c, inChannels - 1)];
                }
            }
        }
        return out;
    }
}
