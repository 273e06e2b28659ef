package vn.communeradio.tests.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import vn.communeradio.gateway.decode.DecodeException;
import vn.communeradio.tests.support.TestAudio;
import vn.communeradio.tests.support.TestAudio.Pcm;
import vn.communeradio.tests.support.TestAudio.Tone;

/** WAV variants as ffmpeg writes them (24/32-bit and float come as WAVE_FORMAT_EXTENSIBLE), and damaged ones. */
class WavDecoderTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}, {1} Hz, {2} ch")
    @CsvSource({"pcm_u8, 8000, 1", "pcm_s16le, 44100, 2", "pcm_s24le, 48000, 2", "pcm_s32le, 22050, 1",
            "pcm_f32le, 48000, 2"})
    void variantsDecodeToTheSameTone(String codec, int rate, int channels) throws IOException {
        Tone t = new Tone(440, 0.5, 1.0, rate, channels);
        Path wav = TestAudio.ffmpeg(TestAudio.wav(dir, "t.wav", t), "." + codec + ".wav", "-c:a", codec);
        Pcm pcm = Heard.decode(wav, "audio/wav");
        assertEquals(rate, pcm.rate());
        assertEquals(t.frames(), pcm.frames(), "frames");
        Heard.tone(pcm, t);
    }

    @ParameterizedTest(name = "data size {0}")
    @CsvSource({"0", "-1"})
    void streamedWavWithoutSizePlaysToTheEnd(int size) throws IOException {
        Tone t = new Tone(440, 0.5, 1.0, 16000, 2);
        byte[] wav = Files.readAllBytes(TestAudio.wav(dir, "t.wav", t));
        setInt(wav, 40, size);
        setInt(wav, 4, size);
        Pcm pcm = Heard.decode(wav, null);
        assertEquals(t.frames(), pcm.frames());
        Heard.tone(pcm, t);
    }

    @Test
    void unknownChunksOfOddSizeAreSkipped() throws IOException {
        Tone t = new Tone(440, 0.5, 1.0, 16000, 1);
        byte[] wav = Files.readAllBytes(TestAudio.wav(dir, "t.wav", t));
        byte[] chunk = {'j', 'u', 'n', 'k', 3, 0, 0, 0, 'a', 'b', 'c', 0};
        Pcm pcm = Heard.decode(TestAudio.splice(wav, 36, chunk, 0), null);
        assertEquals(t.frames(), pcm.frames());
        Heard.tone(pcm, t);
    }

    @Test
    void floatSamplesBeyondFullScaleOrNotANumberAreClipped() throws IOException {
        float[] values = {0.5f, 3f, -7f, Float.NaN, Float.POSITIVE_INFINITY, -0.25f};
        ByteBuffer b = ByteBuffer.allocate(44 + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + 4 * values.length).put("WAVEfmt ".getBytes()).putInt(16)
                .putShort((short) 3).putShort((short) 1).putInt(8000).putInt(32000).putShort((short) 4)
                .putShort((short) 32).put("data".getBytes()).putInt(4 * values.length);
        for (float v : values) {
            b.putFloat(v);
        }
        Pcm pcm = Heard.decode(b.array(), "audio/wav");
        assertArrayEquals(new float[] {0.5f, 1f, -1f, 0f, 1f, -0.25f}, pcm.samples());
    }

    @Test
    void truncatedDataEndsCleanly() throws IOException {
        Tone t = new Tone(440, 0.5, 1.0, 16000, 2);
        byte[] wav = Files.readAllBytes(TestAudio.wav(dir, "t.wav", t));
        Pcm pcm = Heard.decode(Arrays.copyOf(wav, 44 + 4 * 8000 + 3), null);
        assertEquals(8000, pcm.frames(), "whole frames before the cut");
        Heard.tone(pcm, new Tone(440, 0.5, 0.5, 16000, 2));
    }

    @Test
    void sixChannelsAreRefusedInWords() throws IOException {
        Path wav = TestAudio.ffmpeg(TestAudio.wav(dir, "t.wav", new Tone(440, 0.5, 0.5, 48000, 1)), ".6ch.wav",
                "-ac", "6");
        DecodeException e = assertThrows(DecodeException.class, () -> Heard.decode(wav, null));
        assertEquals("WAV with 6 channels is not supported; send mono or stereo", e.getMessage());
    }

    @Test
    void compressedWavIsRefusedInWords() throws IOException {
        Path wav = TestAudio.ffmpeg(TestAudio.wav(dir, "t.wav", new Tone(440, 0.5, 0.5, 8000, 1)), ".alaw.wav",
                "-c:a", "pcm_alaw");
        DecodeException e = assertThrows(DecodeException.class, () -> Heard.decode(wav, null));
        assertTrue(e.getMessage().startsWith("WAV encoding A-law 8-bit is not supported"), e.getMessage());
    }

    private static void setInt(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> 8 * i);
        }
    }
}
