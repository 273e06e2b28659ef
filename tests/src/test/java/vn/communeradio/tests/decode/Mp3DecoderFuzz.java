package vn.communeradio.tests.decode;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.BeforeAll;
import vn.communeradio.tests.fuzz.Durations;

/**
 * Coverage-guided fuzzing of Decoders.open from real MPEG audio files (layer III by lame, layer II by ffmpeg): our
 * frame reader and, behind it, libmpg123: see {@link DecoderFuzzing}.
 */
class Mp3DecoderFuzz {

    @BeforeAll
    static void seeds() throws Exception {
        DecoderFuzzing.plantSeeds(Mp3DecoderFuzz.class, "decodeEndsCleanly", "mp3-cbr", "mp3-vbr", "mp2");
    }

    @FuzzTest(maxDuration = Durations.CI)
    void decodeEndsCleanly(byte[] bytes) throws Exception {
        DecoderFuzzing.decodeEndsCleanly(bytes);
    }
}
