package vn.communeradio.tests.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import vn.communeradio.gateway.decode.DecodeException;
import vn.communeradio.hal.audio.Spectrum;
import vn.communeradio.tests.support.TestAudio;
import vn.communeradio.tests.support.TestAudio.Pcm;
import vn.communeradio.tests.support.TestAudio.Tone;

/**
 * MPEG audio through Decoders.open (libmpg123 behind our frame reader): real lame output at every MPEG version,
 * ffmpeg's layer II, hand-made layer I, damaged in the ways streams are; compared with the mpg123 tool.
 */
class Mp3DecoderTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} Hz, {1} ch, {2} kbps CBR")
    @CsvSource({"44100, 2, 128", "48000, 1, 96", "32000, 2, 96", "22050, 2, 64", "16000, 1, 64", "8000, 1, 32",
            "8000, 2, 24", "11025, 2, 32"})
    void cbrToneLevelAndGaplessLength(int rate, int channels, int kbps) throws IOException {
        Tone t = new Tone(440, 0.5, 1.5, rate, channels);
        Path mp3 = TestAudio.mp3Cbr(TestAudio.wav(dir, "t.wav", t), kbps);
        Pcm pcm = Heard.decode(mp3, "audio/mpeg");
        assertEquals(rate, pcm.rate());
        Heard.tone(pcm, t);
        Heard.duration(pcm, t, 0);
        assertEquals(0, pcm.resyncs());
    }

    @ParameterizedTest(name = "{0} Hz, {1} ch, -V {2}")
    @CsvSource({"44100, 2, 2", "48000, 1, 5", "22050, 2, 4"})
    void vbrToneLevelAndGaplessLength(int rate, int channels, int quality) throws IOException {
        Tone t = new Tone(440, 0.5, 1.5, rate, channels);
        Pcm pcm = Heard.decode(TestAudio.mp3Vbr(TestAudio.wav(dir, "t.wav", t), quality), null);
        Heard.tone(pcm, t);
        Heard.duration(pcm, t, 0);
    }

    @ParameterizedTest(name = "{0} Hz, {1} ch, {2} kbps")
    @CsvSource({"44100, 2, 128", "22050, 1, 64", "8000, 2, 32"})
    void sameSamplesAsMpg123GaplessOutput(int rate, int channels, int kbps) throws IOException {
        Tone t = new Tone(1000, 0.5, 1.0, rate, channels);
        Path mp3 = TestAudio.mp3Cbr(TestAudio.wav(dir, "t.wav", t), kbps);
        Pcm ours = Heard.decode(mp3, null);
        assertSameAsMpg123(ours, mp3);
    }

    /**
     * The same library as the mpg123 tool, so the same samples: its 16-bit output is ours rounded (at most half a
     * step of 1/32768 apart; a step where the tool rounds a float sitting on the half), and exactly as many.
     */
    private static void assertSameAsMpg123(Pcm ours, Path file) throws IOException {
        Path ref = TestAudio.mpg123(file);
        assertEquals(TestAudio.wavFrames(ref), ours.frames(), "frames: ours vs mpg123");
        byte[] b = Files.readAllBytes(ref);
        double worst = 0;
        for (int i = 0; i < ours.samples().length; i++) {
            int p = 44 + 2 * i;
            float theirs = (short) (b[p] & 0xFF | b[p + 1] << 8) / 32768f;
            float mine = Math.max(-1f, Math.min(32767 / 32768f, ours.samples()[i]));
            worst = Math.max(worst, Math.abs(theirs - mine));
        }
        assertTrue(worst <= 1.0 / 32768, "largest difference from mpg123: " + worst * 32768 + " steps of 1/32768");
    }

    @ParameterizedTest(name = "{0} Hz, {1} ch, {2} kbps")
    @CsvSource({"48000, 2, 192", "44100, 1, 96", "24000, 2, 64", "16000, 1, 32"})
    void layerTwoFromFfmpegPlaysAsMpg123DoesAtEveryMpegVersion(int rate, int channels, int kbps)
            throws IOException {
        // rates above 32 kHz are MPEG-1, 16 to 24 kHz MPEG-2
        Tone t = new Tone(440, 0.5, 1.5, rate, channels);
        Path mp2 = TestAudio.ffmpeg(TestAudio.wav(dir, "t.wav", t), ".mp2", "-c:a", "mp2", "-b:a", kbps + "k");
        Pcm pcm = Heard.decode(mp2, "audio/mpeg");
        assertEquals(rate, pcm.rate());
        Heard.tone(pcm, t);
        assertSameAsMpg123(pcm, mp2);
        assertEquals(0, pcm.resyncs());
    }

    @Test
    void layerOneFramesDecodeAsMpg123DoesThem() throws IOException {
        // no layer I encoder is packaged: frames written here, a constant in subband 2 (a tone near 2.4 kHz)
        int frames = 200;
        byte[] mp1 = new byte[0];
        for (int i = 0; i < frames; i++) {
            mp1 = TestAudio.splice(mp1, mp1.length, layerOneFrame(), 0);
        }
        Path file = dir.resolve("t.mp1");
        Files.write(file, mp1);
        Pcm pcm = Heard.decode(file, null);
        assertEquals(44100, pcm.rate());
        assertEquals(1, pcm.channels());
        assertEquals(frames * 384, pcm.frames(), "384 samples a frame, nothing trimmed");
        assertTrue(Spectrum.firstAbove(pcm.samples(), 0.01) >= 0, "not silence");
        assertSameAsMpg123(pcm, file);
    }

    /**
     * One MPEG-1 layer I frame, 44.1 kHz mono 128 kbps (136 bytes, no CRC): allocation of 4 bits for subband 2
     * only, its scale factor, and 12 equal samples; the rest of the frame is zero.
     */
    private static byte[] layerOneFrame() {
        byte[] f = new byte[136];
        f[0] = (byte) 0xFF;
        f[1] = (byte) 0xFF; // MPEG-1, layer I, no CRC
        f[2] = 0x40; // 128 kbps, 44.1 kHz, no padding
        f[3] = (byte) 0xC0; // mono
        BitWriter w = new BitWriter(f, 32);
        for (int sb = 0; sb < 32; sb++) {
            w.put(sb == 2 ? 3 : 0, 4); // allocation 3: 4-bit samples
        }
        w.put(8, 6); // scale factor index
        for (int s = 0; s < 12; s++) {
            w.put(13, 4);
        }
        return f;
    }

    /** Writes bits most significant first from a bit position on. */
    private static final class BitWriter {
        private final byte[] b;
        private int bit;

        BitWriter(byte[] b, int bit) {
            this.b = b;
            this.bit = bit;
        }

        void put(int value, int bits) {
            for (int i = bits - 1; i >= 0; i--, bit++) {
                if ((value >>> i & 1) != 0) {
                    b[bit >>> 3] |= (byte) (0x80 >>> (bit & 7));
                }
            }
        }
    }

    /**
     * Music with drums (short blocks, loud highs, M/S stereo) at every MPEG version, CBR and VBR: the samples of the
     * mpg123 tool, to its 16-bit rounding.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "CBR 128 kbps stereo 44.1 kHz; 44100; -b 128",
            "VBR -V 2 stereo 44.1 kHz; 44100; -V 2",
            "CBR 320 kbps plain stereo 48 kHz; 48000; -b 320 -m s",
            "mono 22.05 kHz (MPEG-2); 44100; --resample 22.05 -m m -b 64",
            "stereo 16 kHz (MPEG-2); 44100; --resample 16 -b 48",
            "mono 8 kHz (MPEG-2.5); 44100; --resample 8 -m m -b 24"})
    void musicMatchesMpg123ToItsSixteenBitRounding(String kind, int wavRate, String lameOptions)
            throws IOException {
        Path wav = TestAudio.musicWithDrumsWav(dir, "music.wav", 4, wavRate);
        Path mp3 = TestAudio.lame(wav, ".mp3", lameOptions.split(" "));
        Pcm ours = Heard.decode(mp3, null);
        double signal = 0;
        for (float v : ours.samples()) {
            signal += v * v;
        }
        assertTrue(signal / ours.samples().length > 1e-3, "the music is loud enough to measure against");
        assertSameAsMpg123(ours, mp3);
        assertEquals(0, ours.resyncs());
    }

    @Test
    void withoutLameTagEverythingIsPlayedAsMpg123Does() throws IOException {
        // at 16 kbps a frame is too short for lame's tag: nothing says what to trim, so nothing is trimmed
        Tone t = new Tone(440, 0.5, 1.5, 8000, 1);
        Path mp3 = TestAudio.mp3Cbr(TestAudio.wav(dir, "t.wav", t), 16);
        Pcm pcm = Heard.decode(mp3, null);
        assertEquals(TestAudio.wavFrames(TestAudio.mpg123(mp3)), pcm.frames(), "frames: ours vs mpg123");
        Heard.tone(pcm, t);
    }

    @Test
    void xingFrameIsNotPlayedAsSilence() throws IOException {
        Tone t = new Tone(440, 0.5, 1.0, 44100, 1);
        Pcm pcm = Heard.decode(TestAudio.mp3Vbr(TestAudio.wav(dir, "t.wav", t), 2), null);
        // the tone starts at sample 0 of the original: no frame of silence in front of it
        int onset = Spectrum.firstAbove(pcm.samples(), 0.05);
        assertTrue(onset >= 0 && onset < 20, "tone starts at frame " + onset);
    }

    @Test
    void concatenatedFilesAreEachTrimmedGaplessly() throws IOException {
        Tone a = new Tone(440, 0.5, 1.0, 44100, 2);
        Tone b = new Tone(700, 0.25, 1.5, 44100, 2);
        Pcm pcm = Heard.decode(TestAudio.concat(TestAudio.mp3Vbr(TestAudio.wav(dir, "a.wav", a), 2),
                TestAudio.mp3Cbr(TestAudio.wav(dir, "b.wav", b), 128)), null);
        assertEquals(a.frames() + b.frames(), pcm.frames(), "frames of both files");
        Heard.tone(pcm, a, 0.5);
        Heard.tone(pcm, b, 1.0 + 0.75);
        assertEquals(0, pcm.resyncs());
    }

    @Test
    void id3TagsBetweenConcatenatedFilesAreSkippedNotResynced() throws IOException {
        Tone a = new Tone(440, 0.5, 1.0, 44100, 2);
        byte[] one = TestAudio.splice(Files.readAllBytes(TestAudio.mp3Cbr(TestAudio.wav(dir, "a.wav", a), 128)), 0,
                id3(3000), 0);
        Pcm pcm = Heard.decode(TestAudio.splice(one, one.length, one, 0), null);
        assertEquals(2 * a.frames(), pcm.frames(), "frames of both files");
        assertEquals(0, pcm.resyncs());
        Heard.tone(pcm, a, 1.5);
    }

    @Test
    void streamChangingRateAndChannelsPlaysOnInTheNewFormat() throws IOException {
        Tone a = new Tone(440, 0.5, 1.0, 44100, 2);
        Tone b = new Tone(440, 0.5, 1.0, 22050, 1);
        var runs = Heard.runs(TestAudio.concat(TestAudio.mp3Cbr(TestAudio.wav(dir, "a.wav", a), 128),
                TestAudio.mp3Cbr(TestAudio.wav(dir, "b.wav", b), 64)), "audio/mpeg");
        assertEquals(List.of(new TestAudio.Run(44100, 2, a.frames()), new TestAudio.Run(22050, 1,
                b.frames())), runs);
    }

    @Test
    void truncatedFileEndsCleanly() throws IOException {
        Tone t = new Tone(440, 0.5, 2.0, 44100, 2);
        byte[] mp3 = Files.readAllBytes(TestAudio.mp3Cbr(TestAudio.wav(dir, "t.wav", t), 128));
        byte[] cut = Arrays.copyOf(mp3, mp3.length / 2 + 77); // mid-frame
        Pcm pcm = Heard.decode(cut, null);
        assertEquals(1.0, pcm.frames() / 44100.0, 0.05, "seconds decoded");
        Heard.tone(pcm, t, 0.7);
        assertEquals(0, pcm.resyncs());
    }

    @Test
    void corruptBytesInTheMiddleResyncAndTheToneGoesOn() throws IOException {
        Tone t = new Tone(440, 0.5, 4.0, 44100, 2);
        byte[] mp3 = Files.readAllBytes(TestAudio.mp3Cbr(TestAudio.wav(dir, "t.wav", t), 128));
        int middle = mp3.length / 2;
        byte[] damaged = TestAudio.splice(mp3, middle, TestAudio.random(3000, 1), 2000);
        Pcm pcm = Heard.decode(damaged, null);
        assertTrue(pcm.resyncs() >= 1, "resyncs: " + pcm.resyncs());
        assertEquals(4.0, pcm.frames() / 44100.0, 0.25, "seconds decoded");
        Heard.tone(pcm, t, 1.0);
        Heard.tone(pcm, t, pcm.frames() / 44100.0 - 0.5);
    }

    @Test
    void garbageOverwritingFramesInPlaceResyncs() throws IOException {
        Tone t = new Tone(440, 0.5, 4.0, 22050, 1);
        byte[] mp3 = Files.readAllBytes(TestAudio.mp3Cbr(TestAudio.wav(dir, "t.wav", t), 32));
        for (int k = 0; k < 5; k++) {
            byte[] junk = TestAudio.random(400, 10 + k);
            System.arraycopy(junk, 0, mp3, mp3.length / 8 * (k + 2), junk.length);
        }
        Pcm pcm = Heard.decode(mp3, null);
        assertTrue(pcm.resyncs() >= 1, "resyncs: " + pcm.resyncs());
        Heard.tone(pcm, t, 0.5);
        Heard.tone(pcm, t, pcm.frames() / 22050.0 - 0.3);
    }

    @Test
    void hugeId3TagIsSkippedWithoutBufferingIt() throws IOException {
        Tone t = new Tone(440, 0.5, 1.0, 44100, 2);
        byte[] mp3 = Files.readAllBytes(TestAudio.mp3Cbr(TestAudio.wav(dir, "t.wav", t), 128));
        int tagSize = 8 * 1024 * 1024;
        byte[] file = TestAudio.splice(mp3, 0, id3(tagSize), 0);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        Pcm pcm = Heard.decode(new ByteArrayInputStream(file), "audio/mpeg");
        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        Heard.tone(pcm, t);
        Heard.duration(pcm, t, 0);
        // the decoded floats themselves are ~350 KB; the tag's 8 MiB must not be on top
        assertTrue(allocated < 3_000_000, "allocated " + allocated + " bytes");
    }

    @Test
    void id3TagDeclaringMoreThanTheBoundIsRefusedInWords() throws IOException {
        byte[] header = Arrays.copyOf(id3(200 * 1024 * 1024), 10);
        TestAudio.Counting in = new TestAudio.Counting(new ByteArrayInputStream(
                TestAudio.splice(new byte[100_000], 0, header, 0)));
        DecodeException e = assertThrows(DecodeException.class, () -> Heard.decode(in, null));
        assertTrue(e.getMessage().contains("ID3 tag of 200 MiB"), e.getMessage());
        assertTrue(in.count() < 20_000, "read " + in.count());
    }

    @Test
    void randomBytesAreRefusedAfterAtMost64KiB() {
        for (long seed = 0; seed < 20; seed++) {
            TestAudio.Counting in = new TestAudio.Counting(new ByteArrayInputStream(TestAudio.random(1 << 20, seed)));
            DecodeException e = assertThrows(DecodeException.class, () -> Heard.decode(in, "audio/mpeg"),
                    "seed " + seed);
            assertTrue(e.getMessage().contains("64 KiB"), e.getMessage());
            assertTrue(in.count() <= 64 * 1024 + 16 * 1024, "seed " + seed + ": read " + in.count() + " bytes");
        }
    }

    @Test
    void mp3AfterGarbageAtTheStartIsFound() throws IOException {
        Tone t = new Tone(440, 0.5, 1.0, 48000, 2);
        byte[] mp3 = Files.readAllBytes(TestAudio.mp3Cbr(TestAudio.wav(dir, "t.wav", t), 128));
        // a stream joined mid-frame: some bytes of a frame before the first whole one
        byte[] joined = Arrays.copyOfRange(mp3, 1000, mp3.length);
        Pcm pcm = Heard.decode(joined, "audio/mpeg");
        Heard.tone(pcm, t);
    }

    /** An ID3v2.4 tag of {@code size} bytes in all (header included), of zeros (padding). */
    static byte[] id3(int size) {
        byte[] tag = new byte[size];
        int body = size - 10;
        tag[0] = 'I';
        tag[1] = 'D';
        tag[2] = '3';
        tag[3] = 4;
        tag[6] = (byte) (body >>> 21 & 0x7F);
        tag[7] = (byte) (body >>> 14 & 0x7F);
        tag[8] = (byte) (body >>> 7 & 0x7F);
        tag[9] = (byte) (body & 0x7F);
        return tag;
    }
}
