package vn.communeradio.gateway.decode;

import javazoom.jl.decoder.Obuffer;

/**
 * JLayer's output for one frame, kept as floats: JLayer's own SampleBuffer would round to 16 bits. Full scale is
 * restored from JLayer's synthesis scale (32700, not 32768).
 */
final class FloatFrameBuffer extends Obuffer {

    private static final float SCALE = 1f / 32700f;

    private final float[] samples = new float[1152 * 2];
    private final int channels;
    private final int[] next = new int[2];

    FloatFrameBuffer(int channels) {
        this.channels = channels;
        clear_buffer();
    }

    @Override
    public void appendSamples(int channel, float[] f) {
        int p = next[channel];
        // a corrupt frame must not write past the buffer: the excess is dropped
        int n = Math.min(f.length, Math.max(0, (samples.length - p + channels - 1) / channels));
        for (int i = 0; i < n; i++, p += channels) {
            samples[p] = Clip.unit(f[i] * SCALE);
        }
        next[channel] = p;
    }

    @Override
    public void append(int channel, short value) {
        int p = next[channel];
        if (p < samples.length) {
            samples[p] = value / 32768f;
            next[channel] = p + channels;
        }
    }

    /** Frames (samples per channel) written since the last clear. */
    int frames() {
        return Math.min(next[0], samples.length) / channels;
    }

    float[] samples() {
        return samples;
    }

    @Override
    public void clear_buffer() {
        next[0] = 0;
        next[1] = 1;
    }

    @Override
    public void write_buffer(int val) {
        // the decoder reads the samples after each frame
    }

    @Override
    public void close() {
        // nothing held
    }

    @Override
    public void set_stop_flag() {
        // not used by the decoder
    }
}
