package vn.communeradio.gateway.hearing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.communeradio.gateway.hearing.Programmes.RATE;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Whether a session was heard, through what a horn, a delay and a noisy village do to its programme. */
class ProgrammeMatchTest {

    private static final HearingSettings SETTINGS = new HearingSettings(-50, 0.5);
    private static final double PROGRAMME_RMS = 0.1; // -20 dBFS

    private static Heard judge(float[] sent, float[] heard) {
        ProgrammeMatch match = new ProgrammeMatch(RATE, SETTINGS);
        for (int at = 0; at < sent.length; at += 512) { // fed as the audio periods come
            int n = Math.min(512, sent.length - at);
            float[] s = new float[n];
            float[] h = new float[n];
            System.arraycopy(sent, at, s, 0, n);
            System.arraycopy(heard, at, h, 0, n);
            match.feed(s, h, n);
        }
        return match.result();
    }

    private static float[] programme(String kind, long seed) {
        return kind.equals("speech") ? Programmes.speech(seed, 20, PROGRAMME_RMS)
                : Programmes.music(seed, 20, PROGRAMME_RMS);
    }

    @ParameterizedTest
    @CsvSource({"speech,0", "speech,120", "speech,500", "music,0", "music,250", "music,500"})
    void theProgrammeThroughAHornWithDelayAndNoiseIsHeard(String kind, int delayMs) {
        float[] sent = programme(kind, 1);
        float[] atTheHorn = Programmes.heard(sent, 300, 5000, delayMs, 0.5, -20, 7);
        Heard heard = judge(sent, atTheHorn);
        assertTrue(heard.ok(), heard.toString());
        assertTrue(heard.match() >= 0.7, heard.toString());
        assertEquals(delayMs, heard.delayMs(), 10, heard.toString());
        assertEquals(20 * Math.log10(Programmes.rms(atTheHorn)), heard.levelDb(), 1, heard.toString());
    }

    @ParameterizedTest
    @CsvSource({"speech,speech", "speech,music", "music,music", "music,speech"})
    void anUnrelatedProgrammeAtTheSameLevelIsNotHeard(String sentKind, String neighbourKind) {
        float[] sent = programme(sentKind, 1);
        float[] neighbour = programme(neighbourKind, 99);
        Heard heard = judge(sent, Programmes.heard(neighbour, 300, 5000, 80, 0.5, -20, 7));
        assertFalse(heard.ok(), heard.toString());
        assertTrue(heard.match() < 0.3, heard.toString());
    }

    @Test
    void silenceIsNotHeard() {
        float[] sent = programme("speech", 1);
        Heard heard = judge(sent, Programmes.heard(sent, 300, 5000, 0, 0, -90, 7));
        assertFalse(heard.ok(), heard.toString());
        assertTrue(heard.levelDb() < -80, heard.toString());
    }

    @Test
    void aDeadZoneInANoisyVillageIsNotHeard() {
        float[] sent = programme("music", 1);
        Heard heard = judge(sent, Programmes.heard(sent, 300, 5000, 0, 0, -35, 7)); // only the village's noise
        assertFalse(heard.ok(), heard.toString());
        assertTrue(heard.match() < 0.3, heard.toString());
        assertNull(heard.delayMs(), "no delay claimed for what did not match: " + heard);
    }

    @Test
    void aToneIsHeardAtItsPitchAndItsDelayIsNotClaimed() {
        float[] sent = Programmes.tone(1000, 10, PROGRAMME_RMS);
        Heard heard = judge(sent, Programmes.heard(sent, 300, 5000, 200, 0.5, -20, 7));
        assertTrue(heard.ok(), heard.toString());
        assertNull(heard.delayMs());
        Heard other = judge(sent, Programmes.heard(programme("music", 5), 300, 5000, 200, 0.5, -20, 7));
        assertFalse(other.ok(), other.toString());
    }

    @Test
    void nothingSentIsNeverHeard() {
        float[] sent = new float[RATE * 5];
        Heard heard = judge(sent, Programmes.heard(programme("music", 3), 300, 5000, 0, 0.5, -20, 7));
        assertFalse(heard.ok(), heard.toString());
    }
}
