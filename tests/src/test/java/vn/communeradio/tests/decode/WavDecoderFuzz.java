package vn.communeradio.tests.decode;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.BeforeAll;
import vn.communeradio.tests.fuzz.Durations;

/** Coverage-guided fuzzing of Decoders.open from real Wav files: see {@link DecoderFuzzing}. */
class WavDecoderFuzz {

    @BeforeAll
    static void seeds() throws Exception {
        DecoderFuzzing.plantSeeds(WavDecoderFuzz.class, "decodeEndsCleanly", "wav");
    }

    @FuzzTest(maxDuration = Durations.CI)
    void decodeEndsCleanly(byte[] bytes) throws Exception {
        DecoderFuzzing.decodeEndsCleanly(bytes);
    }
}
