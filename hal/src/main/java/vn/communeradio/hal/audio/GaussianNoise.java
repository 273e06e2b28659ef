package vn.communeradio.hal.audio;

/**
 * White Gaussian noise of unit variance from a fast generator (xorshift64*, Marsaglia and Vigna's published
 * constants) through the Box-Muller transform: no allocation, no lock, repeatable from its seed. Holds no string
 * constant: the audio callback runs it.
 */
final class GaussianNoise {

    private long state;
    private double spare;
    private boolean hasSpare;

    GaussianNoise(long seed) {
        state = seed == 0 ? 0x9E37_79B9_7F4A_7C15L : seed; // xorshift never leaves 0
    }

    double next() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u1 = uniform();
        double u2 = uniform();
        double r = Math.sqrt(-2 * Math.log(u1));
        double theta = 2 * Math.PI * u2;
        spare = r * Math.sin(theta);
        hasSpare = true;
        return r * Math.cos(theta);
    }

    /** Uniform in (0, 1]: never 0, whose logarithm Box-Muller takes. */
    private double uniform() {
        state ^= state >>> 12;
        state ^= state << 25;
        state ^= state >>> 27;
        long r = state * 0x2545_F491_4F6C_DD1DL;
        return ((r >>> 11) + 1) * 0x1.0p-53;
    }
}
