package vn.communeradio.tests.decode;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.BeforeAll;
import vn.communeradio.tests.fuzz.Durations;

/**
 * Coverage-guided fuzzing of Decoders.open from real Ogg/Opus files: our Ogg page and packet readers and, behind
 * them, libopus: see {@link DecoderFuzzing}.
 */
class OggOpusDecoderFuzz {

    @BeforeAll
    static void seeds() throws Exception {
        DecoderFuzzing.plantSeeds(OggOpusDecoderFuzz.class, "decodeEndsCleanly", "opus");
    }

    @FuzzTest(maxDuration = Durations.CI)
    void decodeEndsCleanly(byte[] bytes) throws Exception {
        DecoderFuzzing.decodeEndsCleanly(bytes);
    }
}
