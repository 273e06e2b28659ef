package vn.communeradio.tests.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import vn.communeradio.gateway.decode.DecodeException;
import vn.communeradio.gateway.decode.Decoder;
import vn.communeradio.gateway.decode.Decoders;
import vn.communeradio.tests.support.NativeDecoders;
import vn.communeradio.tests.support.TestAudio.Tone;
import vn.communeradio.tests.support.TestAudio;

/** Format detection: content decides, the Content-Type is a hint; what is not audio is refused in words. */
class DecodersTest {

    @TempDir
    Path dir;

    @Test
    void contentDecidesOverAWrongContentType() throws IOException {
        Tone t = new Tone(440, 0.5, 1.0, 48000, 2);
        Path wav = TestAudio.wav(dir, "t.wav", t);
        assertFormat("mp3", TestAudio.mp3Cbr(wav, 128), "audio/ogg");
        assertFormat("opus", TestAudio.opus(wav, 64, 1), "audio/mpeg");
        assertFormat("wav", wav, "text/html");
        Heard.tone(Heard.decode(TestAudio.opus(wav, 64, 1), "audio/mpeg"), t);
    }

    @Test
    void mp3WithoutId3TagIsFoundBySync() throws IOException {
        Path mp3 = TestAudio.mp3Cbr(TestAudio.wav(dir, "t.wav", new Tone(440, 0.5, 1.0, 44100, 1)), 64);
        byte[] b = Files.readAllBytes(mp3);
        assertEquals(0xFF, b[0] & 0xFF, "lame writes no ID3 tag by default");
        assertFormat("mp3", mp3, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mp3-vbr", "opus", "wav"})
    void aFewBytesAtATimeDecodeTheSameAsAllAtOnce(String kind) throws IOException {
        byte[] b = Heard.encoded(dir, kind, new Tone(440, 0.5, 1.0, 44100, 2));
        float[] whole = Heard.decode(b, null).samples();
        try (Decoder d = NativeDecoders.load().open(TestAudio.trickle(b, 7), null)) {
            assertArrayEquals(whole, TestAudio.decodeAll(d).samples());
        }
    }

    @Test
    void htmlPageIsRefusedSayingWhatItLooksLike() {
        String html = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body>"
                + "x".repeat(5000) + "</body></html>\n";
        DecodeException e = assertThrows(DecodeException.class, () -> Heard.decode(
                html.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8"));
        assertEquals("no MP3, Ogg/Opus or WAV audio in the first 64 KiB (starts with 3c 21 44 4f: an HTML page?); "
                + "the server said Content-Type text/html; charset=utf-8", e.getMessage());
    }

    @Test
    void mp2IsFoundBySyncAndNamed() throws IOException {
        Path mp2 = TestAudio.ffmpeg(TestAudio.wav(dir, "t.wav", new Tone(440, 0.5, 1.0, 48000, 2)), ".mp2",
                "-c:a", "mp2");
        assertFormat("mp2", mp2, "audio/mpeg");
    }

    @Test
    void playlistInsteadOfTheStreamIsNamed() {
        DecodeException e = assertThrows(DecodeException.class, () -> Heard.decode(
                "#EXTM3U\nhttp://example.org/stream.mp3\n".getBytes(StandardCharsets.UTF_8), "audio/x-mpegurl"));
        assertTrue(e.getMessage().startsWith("a playlist, not audio"), e.getMessage());
    }

    @Test
    void emptyStreamIsRefused() {
        DecodeException e = assertThrows(DecodeException.class, () -> Heard.decode(new byte[0], "audio/mpeg"));
        assertTrue(e.getMessage().startsWith("empty stream"), e.getMessage());
    }

    @Test
    void randomBytesAreRefusedHavingReadAtMost64KiBAndAMargin() {
        TestAudio.Counting in = new TestAudio.Counting(new ByteArrayInputStream(TestAudio.random(4 << 20, 99)));
        DecodeException e = assertThrows(DecodeException.class, () -> Heard.decode(in, null));
        assertTrue(e.getMessage().startsWith("no MP3, Ogg/Opus or WAV audio in the first 64 KiB"), e.getMessage());
        assertTrue(in.count() <= 64 * 1024 + 16 * 1024, "read " + in.count());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mp3-cbr", "opus", "wav"})
    void inputFailuresPassThroughUnchanged(String kind) throws IOException {
        byte[] b = Heard.encoded(dir, kind, new Tone(440, 0.5, 2.0, 48000, 2));
        IOException drop = new IOException("connection reset");
        InputStream failing = new InputStream() {
            private int pos;

            @Override
            public int read() throws IOException {
                if (pos >= b.length / 2) {
                    throw drop;
                }
                return b[pos++] & 0xFF;
            }
        };
        try (Decoder d = NativeDecoders.load().open(failing, null)) {
            IOException e = assertThrows(IOException.class, () -> TestAudio.decodeAll(d));
            assertTrue(e == drop, "the input's own exception, not a wrapper: " + e);
        }
    }

    private static void assertFormat(String expected, Path file, String contentType) throws IOException {
        try (Decoder d = NativeDecoders.load().open(Files.newInputStream(file), contentType)) {
            assertEquals(expected, d.format(), file.getFileName() + " as " + contentType);
        }
    }
}
