package vn.communeradio.hal.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which input channel a renderer reads as the line and which as the sense input. */
class CaptureTest {

    @Test
    void lineAndSenseAreTheChannelsTheLayoutNames() {
        Capture capture = new Capture(new CaptureLayout(3, 3, 1), 64);
        capture.channel(1)[0] = 0.1f;
        capture.channel(3)[0] = 0.3f;
        assertEquals(0.3f, capture.line()[0]);
        assertEquals(0.1f, capture.sense()[0]);
        assertSame(capture.channel(3), capture.line(), "no copy: the channel itself");
        assertTrue(capture.hasLine() && capture.hasSense());
    }

    @Test
    void anAbsentChannelReadsAsSilence() {
        Capture capture = new Capture(CaptureLayout.of(0, 2), 64);
        capture.channel(1)[5] = 0.5f;
        assertFalse(capture.hasLine());
        assertEquals(64, capture.line().length);
        for (float v : capture.line()) {
            assertEquals(0f, v);
        }
        Capture none = Capture.none(32);
        assertFalse(none.hasLine() || none.hasSense());
        assertEquals(0, none.layout().channels());
        assertEquals(0f, none.sense()[31]);
    }

    @Test
    void aSilentPeriodClearsEveryChannel() {
        Capture capture = new Capture(new CaptureLayout(2, 1, 2), 8);
        capture.channel(1)[3] = 1f;
        capture.channel(2)[7] = 1f;
        capture.silent(8);
        assertEquals(0f, capture.line()[3]);
        assertEquals(0f, capture.sense()[7]);
        assertEquals(8, capture.frames());
    }

    @Test
    void aLayoutNamingAChannelItLacksIsRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CaptureLayout(2, 3, 0));
        assertTrue(e.getMessage().contains("line channel 3 is not one of the 2 input channels"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CaptureLayout(33, 0, 0));
        assertEquals(new CaptureLayout(4, 4, 2), CaptureLayout.of(4, 2));
        assertEquals("line 1, no sense of 1 channels", CaptureLayout.of(1, 0).describe());
    }
}
