package vn.communeradio.hal.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The Java Sound input's reading of a capture line in the output's loop. This machine (like CI's) has no sound
 * card, so the line is a stand-in fed as a card's clock would (no real part can run here); the errors without a
 * device come from Java Sound itself.
 */
class JavaSoundAudioInputTest {

    private static final int PERIOD = 64;
    private static final OutputFormat FORMAT = new OutputFormat(48_000, 2, PERIOD);

    private final Card card = new Card();
    private final JavaSoundAudioInput input = new JavaSoundAudioInput("", new CaptureLayout(2, 2, 1),
            (device, format, bufferBytes) -> card);
    private final Capture capture = new Capture(input.layout(), PERIOD);

    @Test
    void untilTheLineHasAPeriodTheInputIsSilentWithoutAnXrun() throws Exception {
        input.open(FORMAT);
        capture.channel(1)[3] = 1f;
        assertTrue(input.read(capture, PERIOD), "the line has not begun: not an xrun");
        assertEquals(0f, capture.channel(1)[3]);
    }

    @Test
    void eachPeriodIsReadIntoItsChannelsAsTheCardCapturedIt() throws Exception {
        input.open(FORMAT);
        for (int period = 0; period < 3; period++) {
            card.capture(PERIOD);
            assertTrue(input.read(capture, PERIOD));
            for (int i = 0; i < PERIOD; i++) {
                long frame = (long) period * PERIOD + i;
                assertEquals(Card.sample(frame, 0) / 32768f, capture.channel(1)[i], "channel 1, frame " + frame);
                assertEquals(Card.sample(frame, 1) / 32768f, capture.channel(2)[i], "channel 2, frame " + frame);
            }
        }
        assertEquals(Card.sample(3 * PERIOD - 1, 1) / 32768f, capture.line()[PERIOD - 1], "line is channel 2");
        assertEquals(0, card.available());
    }

    @Test
    void aLatePeriodIsSilentAndCountedAndTheNextOnesFollowWithoutLoss() throws Exception {
        input.open(FORMAT);
        card.capture(PERIOD);
        assertTrue(input.read(capture, PERIOD));
        assertFalse(input.read(capture, PERIOD), "nothing captured in time: an xrun");
        assertEquals(0f, capture.channel(2)[10]);
        card.capture(2 * PERIOD);
        assertTrue(input.read(capture, PERIOD));
        assertEquals(Card.sample(PERIOD, 0) / 32768f, capture.channel(1)[0], "the oldest period first");
        assertTrue(input.read(capture, PERIOD));
        assertEquals(Card.sample(2 * PERIOD, 0) / 32768f, capture.channel(1)[0]);
    }

    @Test
    void aBacklogOfThreePeriodsIsDroppedToTheNewestAndCounted() throws Exception {
        input.open(FORMAT);
        card.capture(PERIOD);
        assertTrue(input.read(capture, PERIOD));
        card.capture(3 * PERIOD);
        assertFalse(input.read(capture, PERIOD), "input and output drifted apart: an xrun");
        assertEquals(Card.sample(3 * PERIOD, 0) / 32768f, capture.channel(1)[0], "the newest period");
        assertEquals(0, card.available());
    }

    @Test
    void withoutASoundCardOpeningSaysWhichDeviceAndWhy() {
        JavaSoundAudioInput named = new JavaSoundAudioInput("no-such-card", CaptureLayout.of(1, 2));
        AudioOutputException e = assertThrows(AudioOutputException.class, () -> named.open(FORMAT));
        assertTrue(e.getMessage().startsWith("no Java Sound device matches 'no-such-card' (devices: "),
                e.getMessage());
        if (javax.sound.sampled.AudioSystem.getMixerInfo().length == 0) {
            JavaSoundAudioInput first = new JavaSoundAudioInput("", CaptureLayout.of(1, 2));
            AudioOutputException none = assertThrows(AudioOutputException.class, () -> first.open(FORMAT));
            assertTrue(none.getMessage().startsWith("Java Sound input default device cannot capture 48000 Hz 16-bit "
                    + "2 channels: "), none.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new JavaSoundAudioInput("", CaptureLayout.NONE));
    }

    /** A stereo card's capture buffer: frames come in as the test says, 16-bit little-endian, a ramp a channel. */
    private static final class Card implements JavaSoundAudioInput.PcmSource {
        private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        private byte[] pending = new byte[0];
        private int readAt;
        private long frames;

        static short sample(long frame, int channel) {
            int v = (int) (frame * 7 % 30_000);
            return (short) (channel == 0 ? v : -v);
        }

        void capture(int n) {
            for (int i = 0; i < n; i++, frames++) {
                for (int c = 0; c < 2; c++) {
                    short s = sample(frames, c);
                    captured.write(s & 0xff);
                    captured.write((s >> 8) & 0xff);
                }
            }
            byte[] more = captured.toByteArray();
            captured.reset();
            byte[] joined = new byte[pending.length - readAt + more.length];
            System.arraycopy(pending, readAt, joined, 0, pending.length - readAt);
            System.arraycopy(more, 0, joined, pending.length - readAt, more.length);
            pending = joined;
            readAt = 0;
        }

        @Override
        public int available() {
            return pending.length - readAt;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            int n = Math.min(length, available());
            System.arraycopy(pending, readAt, buffer, offset, n);
            readAt += n;
            return n;
        }

        @Override
        public void close() {
        }
    }
}
