package vn.communeradio.gateway.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VolumeCurveTest {

    @Test
    void endsAreExact() {
        assertEquals(0f, VolumeCurve.gain(0));
        assertEquals(1f, VolumeCurve.gain(100));
    }

    @Test
    void risesStrictlyAndPerceptually() {
        for (int level = 1; level <= 100; level++) {
            assertTrue(VolumeCurve.gain(level) > VolumeCurve.gain(level - 1), "at " + level);
        }
        assertEquals(-18.06, Signals.db(VolumeCurve.gain(50)), 0.05);
        assertEquals(-60.0, Signals.db(VolumeCurve.gain(10)), 0.05);
        // the top half spans ~18 dB in ~0.3–0.7 dB steps: fine control where volumes are set
        for (int level = 51; level <= 100; level++) {
            double stepDb = Signals.db(VolumeCurve.gain(level) / VolumeCurve.gain(level - 1));
            assertTrue(stepDb > 0.2 && stepDb < 0.8, "step at " + level + ": " + stepDb);
        }
    }

    @Test
    void outOfRangeLevelsAreClamped() {
        assertEquals(0f, VolumeCurve.gain(-5));
        assertEquals(1f, VolumeCurve.gain(250));
    }
}
