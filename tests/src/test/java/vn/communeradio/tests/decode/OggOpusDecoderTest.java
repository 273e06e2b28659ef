package vn.communeradio.tests.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import vn.communeradio.gateway.decode.DecodeException;
import vn.communeradio.hal.audio.Spectrum;
import vn.communeradio.tests.support.OggPages;
import vn.communeradio.tests.support.TestAudio;
import vn.communeradio.tests.support.TestAudio.Pcm;
import vn.communeradio.tests.support.TestAudio.Tone;

/** Ogg/Opus through Decoders.open: real opusenc output, chained, damaged, and other codecs in Ogg. */
class OggOpusDecoderTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} Hz in, {1} ch, {2} kbps")
    @CsvSource({"48000, 2, 64", "48000, 1, 32", "44100, 2, 96", "16000, 1, 24"})
    void toneLevelAndExactLength(int rate, int channels, int kbps) throws IOException {
        Tone t = new Tone(440, 0.5, 1.5, rate, channels);
        Pcm pcm = Heard.decode(TestAudio.opus(TestAudio.wav(dir, "t.wav", t), kbps, 1), "audio/ogg");
        assertEquals(48000, pcm.rate());
        Heard.tone(pcm, t);
        // pre-skip and the end granule trim to the original length (resampled to 48 kHz by opusenc)
        assertEquals(t.frames() * 48000.0 / rate, pcm.frames(), rate == 48000 ? 0 : 1, "frames");
        assertEquals(0, pcm.resyncs());
    }

    @ParameterizedTest(name = "{0} ms packets")
    @ValueSource(doubles = {2.5, 10, 60})
    void packetDurationsOfOpusenc(double ms) throws IOException {
        Tone t = new Tone(440, 0.5, 1.5, 48000, 2);
        Pcm pcm = Heard.decode(TestAudio.opus(TestAudio.wav(dir, "t.wav", t), 96, 1, ms), null);
        Heard.tone(pcm, t);
        assertEquals(t.frames(), pcm.frames(), "frames");
    }

    @Test
    void longestPacketsOf120MsFromFfmpegsMuxer() throws IOException {
        // a packet of 120 ms stereo fills a read to MAX_FRAMES exactly; opusenc stops at 60 ms, ffmpeg does not
        Tone t = new Tone(440, 0.5, 1.5, 48000, 2);
        Path opus = TestAudio.ffmpeg(TestAudio.wav(dir, "t.wav", t), ".120ms.opus", "-c:a", "libopus", "-b:a",
                "96k", "-frame_duration", "120");
        Pcm pcm = Heard.decode(opus, null);
        Heard.tone(pcm, t);
        assertEquals(t.frames(), pcm.frames(), 1, "frames");
    }

    @Test
    void coverPictureInOpusTagsSpanningPagesIsSkipped() throws IOException {
        // ~300 KB of OpusTags over several pages, more than a packet we keep: skipped without being buffered
        Path png = TestAudio.noisePicture(dir);
        Tone t = new Tone(440, 0.5, 1.0, 48000, 2);
        Path opus = TestAudio.opusenc(TestAudio.wav(dir, "t.wav", t), ".pic.opus", "--picture", png.toString());
        assertTrue(Files.size(opus) > 250_000, "tags of " + Files.size(opus) + " bytes");
        Pcm pcm = Heard.decode(opus, null);
        Heard.tone(pcm, t);
        assertEquals(t.frames(), pcm.frames(), "frames");
        assertEquals(0, pcm.resyncs());
    }

    @ParameterizedTest(name = "{0} ch")
    @ValueSource(ints = {1, 2})
    void preSkipIsTrimmedSoTheToneStartsAtOnceAndEndsOnTime(int channels) throws IOException {
        Tone t = new Tone(440, 0.5, 1.0, 48000, channels);
        byte[] opus = Files.readAllBytes(TestAudio.opus(TestAudio.wav(dir, "t.wav", t), 64, 1));
        int preSkip = opus[28 + 10] & 0xFF | (opus[28 + 11] & 0xFF) << 8;
        assertTrue(preSkip > 0, "opusenc writes a pre-skip: " + preSkip);
        Pcm pcm = Heard.decode(opus, null);
        assertEquals(channels, pcm.channels());
        // interleaved: the first sample above the level, in frames
        int onset = Spectrum.firstAbove(pcm.samples(), 0.1) / channels;
        assertTrue(onset >= 0 && onset < 48, "tone starts at frame " + onset);
        assertEquals(t.frames(), pcm.frames(), "the pre-skip and the end padding trimmed to the original length");
    }

    @Test
    void chainedStreamsPlayOneAfterTheOther() throws IOException {
        Tone a = new Tone(440, 0.5, 1.0, 48000, 2);
        Tone b = new Tone(700, 0.25, 1.5, 48000, 2);
        Pcm pcm = Heard.decode(TestAudio.concat(TestAudio.opus(TestAudio.wav(dir, "a.wav", a), 64, 11),
                TestAudio.opus(TestAudio.wav(dir, "b.wav", b), 64, 22)), "audio/ogg");
        assertEquals(a.frames() + b.frames(), pcm.frames(), "frames of both links");
        Heard.tone(pcm, a, 0.5);
        Heard.tone(pcm, b, 1.0 + 0.75);
    }

    @Test
    void chainedLinkMayChangeTheChannelCount() throws IOException {
        Tone a = new Tone(440, 0.5, 1.0, 48000, 1);
        Tone b = new Tone(440, 0.5, 0.5, 48000, 2);
        var runs = Heard.runs(TestAudio.concat(TestAudio.opus(TestAudio.wav(dir, "a.wav", a), 32, 11),
                TestAudio.opus(TestAudio.wav(dir, "b.wav", b), 64, 22)), "audio/ogg");
        assertEquals(List.of(new TestAudio.Run(48000, 1, a.frames()), new TestAudio.Run(48000, 2, b.frames())),
                runs);
    }

    @Test
    void liveStreamJoinedMidWayStartsAtItsGranuleAndTrimsItsEnd() throws IOException {
        // as Icecast serves a listener who connects late: the headers, then pages from the middle
        Tone t = new Tone(440, 0.5, 5.0, 48000, 2);
        byte[] opus = Files.readAllBytes(TestAudio.opus(TestAudio.wav(dir, "t.wav", t), 64, 1));
        List<Integer> pages = OggPages.offsets(opus);
        int join = pages.size() / 2;
        byte[] headers = Arrays.copyOfRange(opus, 0, pages.get(2));
        byte[] rest = Arrays.copyOfRange(opus, pages.get(join), opus.length);
        long before = OggPages.granule(opus, pages.get(join - 1));
        long end = OggPages.granule(opus, pages.get(pages.size() - 1));
        int preSkip = opus[28 + 10] & 0xFF | (opus[28 + 11] & 0xFF) << 8;
        Pcm pcm = Heard.decode(TestAudio.splice(headers, headers.length, rest, 0), "audio/ogg");
        assertEquals(end - before - preSkip, pcm.frames(), "frames after joining at page " + join);
        Heard.tone(pcm, t, pcm.frames() / 48000.0 / 2);
    }

    @Test
    void truncatedStreamEndsCleanly() throws IOException {
        Tone t = new Tone(440, 0.5, 3.0, 48000, 2);
        byte[] opus = Files.readAllBytes(TestAudio.opus(TestAudio.wav(dir, "t.wav", t), 64, 1));
        Pcm pcm = Heard.decode(Arrays.copyOf(opus, opus.length * 2 / 3 + 33), null);
        assertTrue(pcm.frames() > 48000 && pcm.frames() < 3 * 48000, "frames " + pcm.frames());
        Heard.tone(pcm, t, 0.8);
    }

    @Test
    void corruptBytesInTheMiddleSkipThatPageAndTheToneGoesOn() throws IOException {
        Tone t = new Tone(440, 0.5, 6.0, 48000, 2);
        byte[] opus = Files.readAllBytes(TestAudio.opus(TestAudio.wav(dir, "t.wav", t), 64, 1));
        byte[] damaged = TestAudio.splice(opus, opus.length / 2, TestAudio.random(500, 3), 300);
        Pcm pcm = Heard.decode(damaged, null);
        assertTrue(pcm.resyncs() >= 1, "resyncs " + pcm.resyncs());
        assertTrue(pcm.frames() > 4 * 48000 && pcm.frames() < 6 * 48000, "frames " + pcm.frames());
        Heard.tone(pcm, t, 1.0);
        Heard.tone(pcm, t, pcm.frames() / 48000.0 - 0.5);
    }

    @Test
    void outputGainOfTheHeaderIsApplied() throws IOException {
        Tone t = new Tone(440, 0.25, 1.0, 48000, 1);
        byte[] opus = Files.readAllBytes(TestAudio.opus(TestAudio.wav(dir, "t.wav", t), 64, 1));
        // OpusHead is the first page's only packet: gain at 16..17 of it, +6.02 dB = ×2 (Q7.8)
        int head = 28;
        int gain = Math.round(6.0206f * 256);
        opus[head + 16] = (byte) gain;
        opus[head + 17] = (byte) (gain >> 8);
        OggPages.fixCrc(opus, 0);
        Pcm pcm = Heard.decode(opus, null);
        Heard.tone(pcm, new Tone(440, 0.5, 1.0, 48000, 1));
    }

    @Test
    void oggVorbisIsRefusedInWords() throws IOException {
        Path wav = TestAudio.wav(dir, "t.wav", new Tone(440, 0.5, 1.0, 44100, 2));
        Path vorbis = TestAudio.ffmpeg(wav, ".ogg", "-c:a", "libvorbis");
        DecodeException e = assertThrows(DecodeException.class, () -> Heard.decode(vorbis, "audio/ogg"));
        assertEquals("Ogg Vorbis is not supported; send MP3 or Opus", e.getMessage());
    }

    @Test
    void oggFlacIsRefusedInWords() throws IOException {
        Path wav = TestAudio.wav(dir, "t.wav", new Tone(440, 0.5, 1.0, 44100, 2));
        Path flac = TestAudio.ffmpeg(wav, ".oga", "-c:a", "flac", "-f", "ogg");
        DecodeException e = assertThrows(DecodeException.class, () -> Heard.decode(flac, "audio/ogg"));
        assertTrue(e.getMessage().startsWith("Ogg FLAC is not supported"), e.getMessage());
    }

    @Test
    void oggCaptureFollowedByGarbageIsRefusedAfterBoundedReading() {
        byte[] junk = TestAudio.random(1 << 20, 5);
        System.arraycopy("OggS".getBytes(), 0, junk, 0, 4);
        TestAudio.Counting in = new TestAudio.Counting(new ByteArrayInputStream(junk));
        DecodeException e = assertThrows(DecodeException.class, () -> Heard.decode(in, "audio/ogg"));
        assertTrue(e.getMessage().contains("64 KiB"), e.getMessage());
        assertTrue(in.count() <= 64 * 1024 + 72 * 1024, "read " + in.count());
    }
}
