package vn.communeradio.tests.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import vn.communeradio.gateway.decode.Decoder;
import vn.communeradio.gateway.decode.Decoders;
import vn.communeradio.hal.audio.Spectrum;
import vn.communeradio.tests.support.NativeDecoders;
import vn.communeradio.tests.support.TestAudio.Pcm;
import vn.communeradio.tests.support.TestAudio.Tone;
import vn.communeradio.tests.support.TestAudio;

/** Assertions on decoded audio: the tone is the one that was encoded, at its level, for its duration. */
final class Heard {

    private Heard() {
    }

    /**
     * The bytes of the tone encoded as {@code kind}: "mp3-cbr" (128 kbps), "mp3-vbr" (-V 4), "mp2" (ffmpeg's layer
     * II, 128 kbps), "opus", "wav".
     */
    static byte[] encoded(Path dir, String kind, Tone t) throws IOException {
        Path wav = TestAudio.wav(dir, "t.wav", t);
        return Files.readAllBytes(switch (kind) {
            case "mp3-cbr" -> TestAudio.mp3Cbr(wav, 128);
            case "mp3-vbr" -> TestAudio.mp3Vbr(wav, 4);
            case "mp2" -> TestAudio.ffmpeg(wav, ".mp2", "-c:a", "mp2", "-b:a", "128k");
            case "opus" -> TestAudio.opus(wav, 64, 1);
            case "wav" -> wav;
            default -> throw new IllegalArgumentException(kind);
        });
    }

    static Pcm decode(Path file, String contentType) throws IOException {
        return decode(Files.newInputStream(file), contentType);
    }

    static Pcm decode(byte[] bytes, String contentType) throws IOException {
        return decode(new ByteArrayInputStream(bytes), contentType);
    }

    static Pcm decode(InputStream in, String contentType) throws IOException {
        try (Decoder d = NativeDecoders.load().open(in, contentType)) {
            return TestAudio.decodeAll(d);
        }
    }

    /** The formats a stream played in, and for how long each. */
    static List<TestAudio.Run> runs(byte[] bytes, String contentType) throws IOException {
        try (Decoder d = NativeDecoders.load().open(new ByteArrayInputStream(bytes), contentType)) {
            return TestAudio.runs(d);
        }
    }

    /** Every channel carries its tone at the right frequency (±2 Hz) and level (±1 dB) around {@code atSecond}. */
    static void tone(Pcm pcm, Tone t, double atSecond) {
        assertEquals(t.channels(), pcm.channels(), "channels");
        int n = pcm.rate() / 4;
        int from = (int) (atSecond * pcm.rate()) - n / 2;
        assertTrue(from >= 0 && from + n <= pcm.frames(), "window at " + atSecond + " s within " + pcm.frames()
                + " frames");
        for (int c = 0; c < t.channels(); c++) {
            float[] x = pcm.channel(c);
            double hz = Spectrum.strongest(x, from, n, pcm.rate(), 100, 2000);
            assertEquals(t.hz(c), hz, 2.0, "channel " + c + " frequency at " + atSecond + " s");
            double db = 20 * Math.log10(Spectrum.amplitude(x, from, n, t.hz(c), pcm.rate()) / t.amplitude());
            assertEquals(0, db, 1.0, "channel " + c + " level re. the original, dB");
        }
    }

    static void tone(Pcm pcm, Tone t) {
        tone(pcm, t, t.seconds() / 2);
    }

    /** The decoded length equals the original's within {@code ms} milliseconds (0: to the sample). */
    static void duration(Pcm pcm, Tone t, double ms) {
        double expected = (double) t.frames() * pcm.rate() / t.rate();
        assertEquals(expected, pcm.frames(), ms * pcm.rate() / 1000.0,
                "frames decoded (" + pcm.frames() + ") vs the original's " + expected);
    }
}
