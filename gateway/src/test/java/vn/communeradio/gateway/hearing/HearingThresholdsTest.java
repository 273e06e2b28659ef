package vn.communeradio.gateway.hearing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.communeradio.gateway.hearing.Programmes.RATE;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.communeradio.gateway.config.ConfigKeys;

/**
 * Where the default thresholds (hearing.min_level_db, hearing.min_match) come from: the field cases of issue 17 run
 * through {@link ProgrammeMatch}, the figures printed, and the shipped defaults asserted to fall between the cases
 * that must be heard and those that must not, with a margin. Heard: speech and music through a 300 Hz - 5 kHz horn,
 * 0-500 ms late, at a microphone gain of 1 to 0.1 (-20 to -40 dBFS there), noise 20 dB below. Not heard: silence,
 * a dead zone in a quiet and a noisy village, a neighbour's programme at the same level.
 */
class HearingThresholdsTest {

    /** Thresholds that judge nothing, so that every case reports its raw figures. */
    private static final HearingSettings RAW = new HearingSettings(-200, 0);
    private static final double PROGRAMME_RMS = 0.1; // -20 dBFS sent

    private record Case(String name, Heard heard) {
    }

    private static Heard judge(float[] sent, float[] heard) {
        ProgrammeMatch match = new ProgrammeMatch(RATE, RAW);
        float[] s = new float[480];
        float[] h = new float[480];
        for (int at = 0; at + 480 <= sent.length; at += 480) {
            System.arraycopy(sent, at, s, 0, 480);
            System.arraycopy(heard, at, h, 0, 480);
            match.feed(s, h, 480);
        }
        return match.result();
    }

    private static float[] programme(String kind, long seed) {
        return kind.equals("speech") ? Programmes.speech(seed, 12, PROGRAMME_RMS)
                : Programmes.music(seed, 12, PROGRAMME_RMS);
    }

    @Test
    void theDefaultThresholdsSeparateTheFieldCases() {
        List<Case> heard = new ArrayList<>();
        List<Case> unheard = new ArrayList<>();
        long seed = 11;
        for (String kind : List.of("speech", "music")) {
            float[] sent = programme(kind, seed++);
            for (int delayMs : new int[] {0, 120, 250, 500}) {
                for (double gain : new double[] {1, 0.3, 0.1}) {
                    heard.add(new Case(kind + " " + delayMs + " ms gain " + gain,
                            judge(sent, Programmes.heard(sent, 300, 5000, delayMs, gain, -20, seed++))));
                }
            }
            unheard.add(new Case(kind + " silence", judge(sent, Programmes.heard(sent, 300, 5000, 0, 0, -90, seed++))));
            for (int noiseDb : new int[] {-60, -35}) {
                unheard.add(new Case(kind + " dead zone, village noise " + noiseDb + " dBFS",
                        judge(sent, Programmes.heard(sent, 300, 5000, 0, 0, noiseDb, seed++))));
            }
            for (String neighbour : List.of("speech", "music")) {
                for (double gain : new double[] {1, 0.3}) {
                    float[] other = programme(neighbour, 1000 + seed++);
                    unheard.add(new Case(kind + " sent, a neighbour's " + neighbour + " heard, gain " + gain,
                            judge(sent, Programmes.heard(other, 300, 5000, 80, gain, -20, seed++))));
                }
            }
        }
        heard.forEach(c -> System.out.printf("heard     %-45s level %6.1f dBFS match %.3f delay %s ms%n", c.name,
                c.heard.levelDb(), c.heard.match(), c.heard.delayMs()));
        unheard.forEach(c -> System.out.printf("not heard %-45s level %6.1f dBFS match %.3f%n", c.name,
                c.heard.levelDb(), c.heard.match()));
        double lowestMatch = heard.stream().mapToDouble(c -> c.heard.match()).min().orElseThrow();
        double highestOtherMatch = unheard.stream().mapToDouble(c -> c.heard.match()).max().orElseThrow();
        double quietestHeard = heard.stream().mapToDouble(c -> c.heard.levelDb()).min().orElseThrow();
        System.out.printf("match: heard from %.3f, not heard up to %.3f; level: heard from %.1f dBFS%n", lowestMatch,
                highestOtherMatch, quietestHeard);
        double minMatch = Double.parseDouble(ConfigKeys.HEARING_MIN_MATCH.defaultText());
        double minLevel = Double.parseDouble(ConfigKeys.HEARING_MIN_LEVEL_DB.defaultText());
        assertTrue(highestOtherMatch + 0.1 <= minMatch && minMatch + 0.1 <= lowestMatch,
                "hearing.min_match " + minMatch + " between " + highestOtherMatch + " and " + lowestMatch
                        + " with 0.1 either side");
        assertTrue(minLevel + 6 <= quietestHeard, "hearing.min_level_db " + minLevel + " 6 dB under " + quietestHeard);
        HearingSettings defaults = new HearingSettings(minLevel, minMatch);
        heard.forEach(c -> assertTrue(judgedBy(defaults, c.heard), c.name + ": " + c.heard));
        unheard.forEach(c -> assertTrue(!judgedBy(defaults, c.heard), c.name + ": " + c.heard));
    }

    private static boolean judgedBy(HearingSettings settings, Heard heard) {
        return heard.levelDb() >= settings.minLevelDb() && heard.match() >= settings.minMatch();
    }
}
