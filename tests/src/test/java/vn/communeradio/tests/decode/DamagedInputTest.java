package vn.communeradio.tests.decode;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import vn.communeradio.gateway.decode.DecodeException;
import vn.communeradio.gateway.decode.Decoder;
import vn.communeradio.gateway.decode.Decoders;
import vn.communeradio.tests.support.NativeDecoders;
import vn.communeradio.tests.support.TestAudio.Tone;
import vn.communeradio.tests.support.TestAudio;

/**
 * Hundreds of randomly damaged files (flipped bytes, garbage inserted, bytes cut out, truncation): a decoder
 * either plays on or says DecodeException; it never throws anything else, never hangs, never returns more than
 * it may.
 */
class DamagedInputTest {

    private static final Decoders DECODERS = NativeDecoders.load();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mp3-cbr", "mp3-vbr", "mp2", "opus", "wav"})
    void damagedFilesNeverThrowAnythingElse(String kind) throws IOException {
        // the VBR file is MPEG-2 (22.05 kHz): the other layer III layout
        byte[] clean = Heard.encoded(dir, kind, new Tone(440, 0.5, 2.0, kind.equals("mp3-vbr") ? 22050 : 44100, 2));
        Random random = new Random(Long.getLong("damage.seed", kind.hashCode()));
        long resyncs = 0;
        // -Ddamage.rounds=5000 for a soak run
        int rounds = Integer.getInteger("damage.rounds", 150);
        for (int round = 0; round < rounds; round++) {
            byte[] damaged = damage(clean, random);
            long r = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> decode(damaged), "round " + round);
            resyncs += Math.max(r, 0);
        }
        assertTrue(kind.equals("wav") || resyncs > 0, "damage was seen: " + resyncs + " resyncs");
    }

    /** Decodes to the end; returns the resyncs, or -1 for a DecodeException. */
    static long decode(byte[] bytes) {
        float[] out = new float[Decoder.MAX_FRAMES * 2];
        try (Decoder d = DECODERS.open(new ByteArrayInputStream(bytes), null)) {
            for (int n; (n = d.read(out)) >= 0; ) {
                if (n > Decoder.MAX_FRAMES || n * d.channels() > out.length) {
                    fail("read returned " + n + " frames of " + d.channels() + " channels");
                }
            }
            return d.resyncs();
        } catch (DecodeException e) {
            return -1;
        } catch (IOException e) {
            throw new AssertionError("an IOException that is not a DecodeException from a byte array: " + e, e);
        }
    }

    private static byte[] damage(byte[] clean, Random random) {
        byte[] b = clean.clone();
        for (int k = random.nextInt(6) + 1; k > 0 && b.length > 0; k--) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(4)) {
                case 0 -> {
                    for (int i = at; i < Math.min(b.length, at + 1 + random.nextInt(64)); i++) {
                        b[i] ^= (byte) (1 + random.nextInt(255));
                    }
                }
                case 1 -> b = TestAudio.splice(b, at, TestAudio.random(random.nextInt(3000), random.nextLong()), 0);
                case 2 -> b = TestAudio.splice(b, at, new byte[0], Math.min(b.length - at, random.nextInt(3000)));
                default -> b = Arrays.copyOf(b, Math.max(at, 1));
            }
        }
        return b;
    }
}
