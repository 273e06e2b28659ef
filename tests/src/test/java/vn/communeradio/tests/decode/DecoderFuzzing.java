package vn.communeradio.tests.decode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import vn.communeradio.tests.fuzz.InputBounds;
import vn.communeradio.tests.fuzz.Seeds;
import vn.communeradio.tests.support.TestAudio.Tone;

/**
 * What every decoder fuzz target does with the fuzzer's bytes: {@link DamagedInputTest#decode} (audio frames, end
 * of stream or DecodeException; never another exception, never more frames than a read may return) within CPU
 * time and allocation bounds.
 */
final class DecoderFuzzing {

    /** A decoder may allocate for its tables and buffers; a few KB of input must not make it allocate more. */
    private static final InputBounds BOUNDS = new InputBounds(1000, 32L << 20);

    private DecoderFuzzing() {
    }

    static void decodeEndsCleanly(byte[] bytes) throws Exception {
        BOUNDS.check(bytes, () -> DamagedInputTest.decode(bytes));
    }

    /** Short real files of {@code kinds} (Heard.encoded's names), so that seeds stay within libFuzzer's lengths. */
    static void plantSeeds(Class<?> fuzzClass, String method, String... kinds) throws IOException {
        Path dir = Files.createTempDirectory("fuzz-seeds");
        List<byte[]> seeds = new ArrayList<>();
        try {
            for (String kind : kinds) {
                // MPEG-2 layer III (22.05 kHz) for VBR: the other side-info layout; WAV as 8 kHz mono: small
                int rate = kind.equals("mp3-vbr") ? 22050 : kind.equals("wav") ? 8000 : 44100;
                seeds.add(Heard.encoded(dir, kind, new Tone(440, 0.5, 0.25, rate, kind.equals("wav") ? 1 : 2)));
                seeds.add(Heard.encoded(dir, kind, new Tone(1000, 0.5, 0.05, 48000, 2)));
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        Seeds.plant(fuzzClass, method, seeds);
    }
}
