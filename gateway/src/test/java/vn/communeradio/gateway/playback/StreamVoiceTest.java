package vn.communeradio.gateway.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import vn.communeradio.gateway.audio.PcmRing;
import vn.communeradio.hal.audio.Spectrum;

class StreamVoiceTest {

    static final int RATE = 48_000;
    static final int PERIOD = 256;
    static final double HZ = 1000;

    private final PcmRing ring = new PcmRing(RATE * 2);
    private final java.util.concurrent.atomic.AtomicLong total = new java.util.concurrent.atomic.AtomicLong();
    private final StreamVoice voice = new StreamVoice(ring, 2, RATE, RATE / 10, total); // 100 ms target
    private long produced;

    /** Queues {@code frames} frames of a continuous 1 kHz sine at amplitude 0.5 on both channels. */
    private void produce(int frames) {
        float[] block = new float[frames * 2];
        for (int f = 0; f < frames; f++) {
            float s = (float) (0.5 * Math.sin(2 * Math.PI * HZ * (produced + f) / RATE));
            block[2 * f] = s;
            block[2 * f + 1] = s;
        }
        produced += frames;
        assertEquals(block.length, ring.write(block, 0, block.length));
    }

    private float[] play(int periods) {
        float[] out = new float[periods * PERIOD * 2];
        float[] period = new float[PERIOD * 2];
        for (int p = 0; p < periods; p++) {
            voice.read(period, PERIOD, 2);
            System.arraycopy(period, 0, out, p * period.length, period.length);
        }
        return Spectrum.channel(out, 2, 0);
    }

    @Test
    void silentUntilTheTargetIsBufferedThenPlaysFadingIn() {
        produce(RATE / 20);
        float[] before = play(4);
        assertEquals(0, Spectrum.peak(before, 0, before.length), "nothing plays below the target");
        assertFalse(voice.playing());
        produce(RATE / 10);
        float[] after = play(20);
        assertTrue(voice.playing());
        assertTrue(Math.abs(after[0]) < 0.01, "starts from silence");
        assertEquals(0.5, Spectrum.amplitude(after, 1024, 2048, HZ, RATE), 0.02);
        assertTrue(Spectrum.largestStep(after, 0, after.length) < 2 * Math.PI * HZ * 0.5 / RATE * 1.2, "no click");
    }

    @Test
    void anUnderrunFadesToSilenceIsCountedAndRecoversByItself() {
        produce(RATE / 5);
        float[] first = play(RATE / 5 / PERIOD + 4); // plays everything, runs dry
        assertEquals(1, voice.underruns());
        assertEquals(1, total.get(), "the station's counter (telemetry) moves at once, not when the session ends");
        assertFalse(voice.playing());
        assertTrue(Spectrum.largestStep(first, 0, first.length) < 2 * Math.PI * HZ * 0.5 / RATE * 1.2,
                "the underrun fades instead of clicking");
        assertEquals(0, first[first.length - 1]);
        produce(RATE / 2);
        float[] second = play(40);
        assertTrue(voice.playing(), "playback resumed by itself");
        assertEquals(0.5, Spectrum.amplitude(second, 4096, 4096, HZ, RATE), 0.02);
    }

    @Test
    void programmeFramesCountTheStreamsAudioNotTheSilenceFilledInAndEachUnderrunIsAGap() {
        play(10);
        assertEquals(0, voice.programmeFrames(), "buffering: silence, no programme (a source that never delivers)");
        produce(RATE / 5);
        play(RATE / 5 / PERIOD + 10); // plays everything, runs dry, then fills silence
        long played = voice.programmeFrames();
        assertTrue(played > RATE / 5 - 2 * PERIOD && played <= RATE / 5, "the 200 ms it was given: " + played);
        assertEquals(1, voice.gaps());
        play(20);
        assertEquals(played, voice.programmeFrames(), "the silence after it ran dry is no programme");
        produce(RATE / 2);
        play(40);
        assertEquals(played + 40 * PERIOD, voice.programmeFrames(), "back: every frame is programme again");
        assertEquals(1, voice.gaps());
    }

    @Test
    void aToneIsProgrammeFromItsFirstFrame() {
        vn.communeradio.gateway.audio.ToneVoice tone = new vn.communeradio.gateway.audio.ToneVoice(1000, RATE);
        assertEquals(0, tone.programmeFrames(), "nothing before the mixer reads it");
        tone.read(new float[PERIOD * 2], PERIOD, 2);
        tone.read(new float[PERIOD * 2], PERIOD, 2);
        assertEquals(2 * PERIOD, tone.programmeFrames());
        assertEquals(0, tone.gaps());
    }

    @Test
    void eachUnderrunDeepensTheBufferByAStepUpToItsMaximumAndPlaybackWaitsForTheNewTarget() {
        // 100 ms target, growing by 50 ms up to 200 ms
        StreamVoice growing = new StreamVoice(ring, 2, RATE, RATE / 10, RATE / 5, RATE / 20, total);
        growing.delivering(true); // a connection is up: running dry means the network was late
        float[] period = new float[PERIOD * 2];
        int[] targets = new int[4];
        for (int dry = 0; dry < 4; dry++) {
            produce(growing.targetFrames()); // exactly the target: plays, then runs dry
            for (int p = 0; p < growing.targetFrames() / PERIOD + 4; p++) {
                growing.read(period, PERIOD, 2);
            }
            assertEquals(dry + 1, growing.underruns());
            targets[dry] = growing.targetFrames();
        }
        assertEquals(RATE * 3 / 20, targets[0], "100 ms + 50 ms after the first underrun");
        assertEquals(RATE / 5, targets[1]);
        assertEquals(RATE / 5, targets[2], "never above the maximum");
        assertEquals(RATE / 5, targets[3]);
        produce(RATE / 5 - PERIOD);
        growing.read(period, PERIOD, 2);
        assertFalse(growing.playing(), "below the grown target nothing plays yet");
        produce(PERIOD);
        growing.read(period, PERIOD, 2);
        assertTrue(growing.playing());
    }

    @Test
    void anUnderrunWhileTheSourceReconnectsDoesNotDeepenTheBuffer() {
        StreamVoice growing = new StreamVoice(ring, 2, RATE, RATE / 10, RATE / 5, RATE / 20, total);
        growing.delivering(false); // the connection dropped: the gap is the reconnect, not the network's jitter
        produce(RATE / 10);
        float[] period = new float[PERIOD * 2];
        for (int p = 0; p < RATE / 10 / PERIOD + 4; p++) {
            growing.read(period, PERIOD, 2);
        }
        assertEquals(1, growing.underruns());
        assertEquals(RATE / 10, growing.targetFrames());
    }

    @Test
    void aFixedTargetStaysWhereItIs() {
        produce(RATE / 5);
        play(RATE / 5 / PERIOD + 4);
        assertEquals(1, voice.underruns());
        assertEquals(RATE / 10, voice.targetFrames());
    }

    @Test
    void theEndOfAStreamDrainsEverythingWithoutAnUnderrun() {
        produce(RATE / 20); // shorter than the target
        voice.endOfStream();
        float[] out = play(RATE / 20 / PERIOD + 3);
        assertTrue(voice.drained());
        assertEquals(0, voice.underruns());
        assertEquals(RATE / 20, voice.playedFrames());
        assertTrue(Spectrum.rms(out, 0, RATE / 40) > 0.3);
    }

    @Test
    void aLiveStreamStartsAtTheTargetNotBehindABurst() {
        voice.live(true);
        produce(RATE / 2); // a connect burst of 500 ms
        play(1);
        assertTrue(voice.skippedSamples() > 0);
        assertTrue(voice.bufferedFrames() <= RATE / 10, "held at 100 ms, was " + voice.bufferedFrames());
    }

    @Test
    void aLiveBurstWhilePlayingJumpsBackToTheTargetWithoutAClick() {
        voice.live(true);
        produce(RATE / 5);
        float[] before = play(10);
        for (int i = 0; i < RATE / PERIOD; i++) { // a second of steady live play: jumps are held off that long
            produce(PERIOD);
            play(1);
        }
        assertEquals(0, voice.resyncs());
        produce(RATE); // a reconnect burst: a second of audio at once
        float[] after = play(15);
        assertEquals(1, voice.resyncs(), "one jump, not one per period while the burst lasts");
        assertTrue(voice.bufferedFrames() <= RATE / 10, "back near 100 ms, was " + voice.bufferedFrames());
        double sineStep = 2 * Math.PI * HZ * 0.5 / RATE;
        assertTrue(Spectrum.largestStep(before, 0, before.length) < sineStep * 1.2);
        assertTrue(Spectrum.largestStep(after, 0, after.length) < sineStep * 1.2, "the jump fades, never clicks");
        assertEquals(0, voice.underruns());
    }

    @Test
    void aFileIsNeverSkipped() {
        voice.live(false);
        produce(RATE / 2);
        play(1);
        assertEquals(0, voice.skippedSamples());
    }

    @Test
    void theCallbackAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        float[] block = new float[PERIOD * 2];
        float[] period = new float[PERIOD * 2];
        for (int i = 0; i < 20_000; i++) { // warm up: JIT and every state
            ring.write(block, 0, i % 3 == 0 ? 0 : block.length);
            voice.read(period, PERIOD, 2);
        }
        long id = Thread.currentThread().getId();
        // not even once: C2 compiling StreamVoice from this thread once allocated its string constants (136 B);
        // RealTimeClassesTest keeps them out of the callback's classes
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < 20_000; i++) {
            ring.write(block, 0, i % 3 == 0 ? 0 : block.length); // underruns and restarts included
            voice.read(period, PERIOD, 2);
        }
        assertEquals(0, threads.getThreadAllocatedBytes(id) - before, "bytes allocated over 20 000 callbacks");
        assertTrue(voice.underruns() > 0, "the run went through underruns too");
    }
}
