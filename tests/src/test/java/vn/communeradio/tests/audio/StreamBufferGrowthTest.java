package vn.communeradio.tests.audio;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.playback.StreamVoice;
import vn.communeradio.hal.audio.NullAudioOutput;
import vn.communeradio.hal.audio.OutputFormat;
import vn.communeradio.tests.support.Pipeline;
import vn.communeradio.tests.support.RunsAlone;
import vn.communeradio.tests.support.StreamServer;
import vn.communeradio.tests.support.StreamServer.Reply;
import vn.communeradio.tests.support.TestAudio;
import vn.communeradio.tests.support.TestAudio.Tone;

/**
 * A live stream on a network that goes quiet for 500 ms every 2 s of audio (a late retransmission, then the
 * backlog at once), against a 300 ms jitter buffer. A fixed buffer runs dry at every quiet spell; a growing one
 * (the station's default behaviour, stream.buffer_max_ms) runs dry in two spells, has grown to 600 ms, and from
 * then on rides the spells out; the next stream of the station starts with the grown buffer. Real parts: a paced
 * loopback HTTP stream of a CBR MP3, Sounds, Mixer and a real-time paced null output.
 */
@RunsAlone
@Timeout(value = 2, unit = java.util.concurrent.TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StreamBufferGrowthTest {

    private static final int RATE = 48_000;
    private static final int KBPS = 128;
    private static final Duration BUFFER = Duration.ofMillis(300);
    private static final Duration MAX = Duration.ofMillis(600);
    private static final Duration QUIET = Duration.ofMillis(500);
    private static final int SPELLS = 5;
    /** How often the test reads the underrun counters. */
    private static final Duration SAMPLE = Duration.ofMillis(2);
    /**
     * An underrun up to this long after a spell ended is that spell's (the backlog still refilling the buffer);
     * spells are 2 s of audio apart.
     */
    private static final Duration AFTER_SPELL = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    @Test
    void aStreamThatRanDryDeepensItsBufferUntilTheNetworksSpellsFitAndTheNextStreamStartsThere() throws Exception {
        Path wav = TestAudio.wav(dir, "tone.wav", new Tone(440, 0.5, 10, 44_100, 2));
        byte[] mp3 = Files.readAllBytes(TestAudio.mp3CbrLoopable(wav, KBPS));
        int bytesPerSecond = KBPS * 1000 / 8;
        Reply hiccupping = Reply.live(mp3).paced(bytesPerSecond).hiccupEvery(2L * bytesPerSecond, QUIET);
        try (StreamServer server = StreamServer.start();
             Pipeline fixed = new Pipeline(new NullAudioOutput(new OutputFormat(RATE, 2, 256)), BUFFER,
                     Files.createDirectories(dir.resolve("fixed")));
             Pipeline growing = new Pipeline(new NullAudioOutput(new OutputFormat(RATE, 2, 256)),
                     Pipeline.settings(BUFFER, MAX), Files.createDirectories(dir.resolve("growing")))) {
            server.serve("/fixed.mp3", hiccupping).serve("/growing.mp3", hiccupping);
            StreamVoice fixedVoice = fixed.play(server.uri("/fixed.mp3"));
            StreamVoice growingVoice = growing.play(server.uri("/growing.mp3"));
            DryTimes fixedDryAt = new DryTimes(fixedVoice);
            DryTimes growingDryAt = new DryTimes(growingVoice);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (server.hiccups("/fixed.mp3") < SPELLS || server.hiccups("/growing.mp3") < SPELLS) {
                assertTrue(System.nanoTime() < deadline, "5 spells each within 60 s: " + server.spells("/fixed.mp3")
                        + " " + server.spells("/growing.mp3"));
                fixedDryAt.sample();
                growingDryAt.sample();
                Thread.sleep(SAMPLE.toMillis()); // the sampling period of the underrun counters, not a wait
            }
            // the last spell's gap has been played out once its backlog is buffered again
            Pipeline.await("both playing after the last spell", Duration.ofSeconds(5),
                    () -> fixedVoice.playing() && growingVoice.playing(), () -> fixedVoice.underruns() + " / "
                            + growingVoice.underruns());
            fixedDryAt.sample();
            growingDryAt.sample();
            List<Integer> fixedSpells = fixedDryAt.spells(server.spells("/fixed.mp3"));
            List<Integer> growingSpells = growingDryAt.spells(server.spells("/growing.mp3"));
            long fixedDry = fixedVoice.underruns();
            long growingDry = growingVoice.underruns();
            int grownTarget = growingVoice.targetFrames();
            long learnt = growing.sounds().stats().snapshot().bufferTargetMs();
            System.out.printf("%d spells of %d ms: fixed %d ms buffer ran dry %d times (in spells %s); growing ran "
                    + "dry %d times (in spells %s), target now %d ms%n", SPELLS, QUIET.toMillis(), BUFFER.toMillis(),
                    fixedDry, fixedSpells, growingDry, growingSpells, grownTarget * 1000L / RATE);

            // the next stream of the same station starts with what the first one learnt
            server.serve("/next.mp3", Reply.live(mp3).paced(bytesPerSecond));
            StreamVoice next = growing.play(server.uri("/next.mp3"));
            long fixedOutside = fixedDry - fixedSpells.size();
            long growingOutside = growingDry - growingSpells.size();
            // the loop waits for both streams' fifth spell: the one that got there first may have had more
            List<Integer> everyFixedSpell = IntStream.rangeClosed(1, server.spells("/fixed.mp3").size()).boxed()
                    .toList();
            assertAll(
                    () -> assertEquals(everyFixedSpell, fixedSpells.stream().distinct().toList(),
                            "a fixed 300 ms buffer runs dry at every 500 ms spell"),
                    // 300 -> 450 -> 600 ms, then the spells fit: dry at two spells, never after the second. The
                    // first spell always empties 300 ms; 450 ms is 50 ms short of a spell, so the level the backlog
                    // left decides whether spell 2 or 3 empties it (seen: [1, 3] in a CI run). The grown buffer
                    // must then ride out at least the last two spells.
                    () -> assertEquals(1, growingSpells.isEmpty() ? 0 : growingSpells.get(0),
                            "the growing buffer ran dry first in spell 1: " + growingSpells),
                    () -> assertEquals(2, growingSpells.stream().distinct().count(),
                            "the growing buffer ran dry in two spells: " + growingSpells),
                    () -> assertTrue(growingSpells.stream().allMatch(spell -> spell <= SPELLS - 2),
                            "the grown 600 ms buffer rode out the last two spells: " + growingSpells),
                    // a gap this machine's load made away from the spells shows in both streams: excused
                    () -> assertTrue(growingOutside <= fixedOutside, "the growing buffer ran dry " + growingOutside
                            + " times away from the spells, the fixed one " + fixedOutside),
                    () -> assertEquals(RATE * MAX.toMillis() / 1000, grownTarget),
                    () -> assertEquals(MAX.toMillis(), learnt, "telemetry's streams.buffer_target_ms"),
                    () -> assertEquals(RATE * MAX.toMillis() / 1000, next.targetFrames(), "the next stream"),
                    () -> assertEquals(BUFFER.toMillis() * RATE / 1000, fixedVoice.targetFrames(), "fixed stays"));
        }
    }

    /** When a voice's underrun counter was seen to rise, by {@link System#nanoTime()}, one entry per underrun. */
    private static final class DryTimes {
        private final StreamVoice voice;
        private final List<Long> at = new ArrayList<>();

        DryTimes(StreamVoice voice) {
            this.voice = voice;
        }

        void sample() {
            long now = System.nanoTime();
            while (at.size() < voice.underruns()) {
                at.add(now);
            }
        }

        /** The spell (1 first) each underrun fell in, in order; underruns away from every spell are left out. */
        List<Integer> spells(List<StreamServer.Spell> spells) {
            List<Integer> in = new ArrayList<>();
            for (long t : at) {
                for (int i = 0; i < spells.size(); i++) {
                    StreamServer.Spell spell = spells.get(i);
                    if (t >= spell.startNanos() && t <= spell.endNanos() + AFTER_SPELL.toNanos()) {
                        in.add(i + 1);
                        break;
                    }
                }
            }
            return in;
        }
    }
}
