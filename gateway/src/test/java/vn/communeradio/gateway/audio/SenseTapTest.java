package vn.communeradio.gateway.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import vn.communeradio.hal.audio.Capture;

/** The callback's copy for the hearing thread: pairs stay paired, and a reader behind costs whole periods, counted. */
class SenseTapTest {

    @Test
    void aFullRingDropsWholePeriodsAndCountsThemAndWhatIsReadStaysPaired() {
        SenseTap tap = new SenseTap(1024); // holds 1024 frames: four periods of 256
        Capture input = Capture.none(256); // no sense input: heard reads as silence
        float[] buffer = new float[256 * 2];
        for (int period = 0; period < 6; period++) {
            for (int f = 0; f < 256; f++) {
                buffer[2 * f] = period + 1; // left and right average to period + 0.5
                buffer[2 * f + 1] = period;
            }
            tap.copy(buffer, 256, 2, input);
        }
        assertEquals(512, tap.droppedFrames(), "periods 5 and 6 did not fit and were dropped whole");
        float[] sent = new float[700];
        float[] heard = new float[700];
        float[] scratch = new float[1400];
        assertEquals(700, tap.drain(sent, heard, scratch));
        assertEquals(0.5f, sent[0]);
        assertEquals(2.5f, sent[699], "frame 699 is of the third period");
        assertEquals(0f, heard[699]);
        assertEquals(324, tap.drain(sent, heard, scratch), "the rest of the four periods");
        assertEquals(3.5f, sent[323], "the last frame of the fourth period");
        assertEquals(0, tap.drain(sent, heard, scratch));
    }
}
