package vn.communeradio.gateway.hearing;

/** In-place radix-2 complex FFT of one size, with its twiddles and bit reversal computed once. */
final class Fft {

    private final int size;
    private final int[] reversed;
    private final double[] cos;
    private final double[] sin;

    Fft(int size) {
        if (Integer.bitCount(size) != 1 || size < 2) {
            throw new IllegalArgumentException("FFT size " + size + " is not a power of two");
        }
        this.size = size;
        int bits = Integer.numberOfTrailingZeros(size);
        reversed = new int[size];
        for (int i = 0; i < size; i++) {
            reversed[i] = Integer.reverse(i) >>> (32 - bits);
        }
        cos = new double[size / 2];
        sin = new double[size / 2];
        for (int i = 0; i < size / 2; i++) {
            cos[i] = Math.cos(2 * Math.PI * i / size);
            sin[i] = -Math.sin(2 * Math.PI * i / size);
        }
    }

    int size() {
        return size;
    }

    /** Transforms {@code re} + i {@code im} (each {@link #size()} long) in place. */
    void transform(double[] re, double[] im) {
        for (int i = 0; i < size; i++) {
            int j = reversed[i];
            if (j > i) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int half = 1; half < size; half <<= 1) {
            int stride = size / (2 * half);
            for (int start = 0; start < size; start += 2 * half) {
                for (int k = 0; k < half; k++) {
                    double wr = cos[k * stride];
                    double wi = sin[k * stride];
                    int a = start + k;
                    int b = a + half;
                    double br = re[b] * wr - im[b] * wi;
                    double bi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - br;
                    im[b] = im[a] - bi;
                    re[a] += br;
                    im[a] += bi;
                }
            }
        }
    }
}
