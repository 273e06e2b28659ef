package vn.communeradio.tests.decode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import vn.communeradio.gateway.decode.Decoder;
import vn.communeradio.gateway.decode.Decoders;
import vn.communeradio.gateway.decode.NativeCodecs;

/**
 * Decodes files through the service's decoders and prints what came out (format, rate, channels, frames, RMS,
 * peak), so that another architecture's run can be compared with this one's: tests/debian/decode-on-arm runs it
 * in an arm64 or armhf root under qemu-user (docs/packaging.md). Not a test: a check run by hand.
 */
public final class DecodeDigest {

    private DecodeDigest() {
    }

    public static void main(String[] args) throws Exception {
        Decoders decoders = new Decoders(NativeCodecs.load());
        System.out.println("decoders " + decoders.codecs() + ", " + System.getProperty("os.arch"));
        for (String file : args) {
            System.out.println(Path.of(file).getFileName() + " " + digest(decoders, Path.of(file)));
        }
    }

    private static String digest(Decoders decoders, Path file) throws IOException {
        float[] out = new float[Decoder.MAX_FRAMES * 2];
        double squares = 0;
        double peak = 0;
        long frames = 0;
        long samples = 0;
        try (Decoder d = decoders.open(Files.newInputStream(file), null)) {
            for (int n; (n = d.read(out)) >= 0; ) {
                for (int i = 0; i < n * d.channels(); i++) {
                    squares += out[i] * (double) out[i];
                    peak = Math.max(peak, Math.abs(out[i]));
                }
                frames += n;
                samples += (long) n * d.channels();
            }
            return String.format(Locale.ROOT, "%s %d Hz %d ch %d frames rms %.6f peak %.6f resyncs %d", d.format(),
                    d.sampleRate(), d.channels(), frames, Math.sqrt(squares / Math.max(1, samples)), peak,
                    d.resyncs());
        }
    }
}
