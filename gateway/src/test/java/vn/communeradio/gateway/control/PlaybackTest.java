package vn.communeradio.gateway.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.communeradio.gateway.control.RelaySequence.Stage.FADING;
import static vn.communeradio.gateway.control.RelaySequence.Stage.HOLDING;
import static vn.communeradio.gateway.control.RelaySequence.Stage.IDLE;
import static vn.communeradio.gateway.control.RelaySequence.Stage.ON_AIR;
import static vn.communeradio.gateway.control.RelaySequence.Stage.OPENING;
import static vn.communeradio.gateway.control.RelaySequence.Stage.WARMING_UP;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.communeradio.gateway.audio.Mixer;
import vn.communeradio.gateway.command.AckStatus;
import vn.communeradio.gateway.command.Priority;
import vn.communeradio.gateway.command.RejectCode;
import vn.communeradio.gateway.playback.Sound;
import vn.communeradio.gateway.playback.SoundEvents;
import vn.communeradio.gateway.playback.SoundRequest;
import vn.communeradio.hal.clock.Clocks;
import vn.communeradio.hal.gpio.RelayChange;
import vn.communeradio.hal.gpio.SimulatedRelays;

/**
 * Sessions, priorities and the relay sequence on a driven loop with a manual clock: every stage and transition of
 * {@link RelaySequence}, preempt and resume, the minimum interval, the maximum on-time cut and the idle hold, each
 * to the millisecond and without waiting. What the village hears (fades, levels, a resumed file's words) is
 * PriorityRulesTest's, end to end.
 */
class PlaybackTest {

    static final Duration WARMUP = Duration.ofMillis(1000);
    static final Duration HOLD = Duration.ofSeconds(30);
    static final Duration INTERVAL = Duration.ofMillis(1000);
    static final Duration MAX_ON = Duration.ofHours(4);
    static final Duration FADE = RelaySequence.FADE;

    final ManualTime time = new ManualTime();
    final ControlLoop loop = ControlLoop.drivenBy(time);
    final Clocks clocks = Clocks.startingAt(Instant.ofEpochMilli(ManualTime.START_MILLIS), time);
    final SimulatedRelays hardware = new SimulatedRelays(List.of("amp", "zone1", "zone2"), clocks.wall());
    final RelayGuard relays = new RelayGuard(hardware, loop, INTERVAL, MAX_ON, time::nanos);
    final Mixer mixer = new Mixer(2, 48_000);
    final List<TestSound> sounds = new ArrayList<>();
    final List<String> told = new ArrayList<>();
    final Playback playback;

    PlaybackTest() {
        Playback.Events events = new Playback.Events() {
            @Override
            public void ack(String jti, AckStatus status, Map<String, Object> extra) {
                told.add(at() + " " + jti + " " + status.wire() + (extra.containsKey("resumed") ? " resumed" : "")
                        + (extra.containsKey("code") ? " " + extra.get("code") : ""));
            }

            @Override
            public void changed() {
            }

            @Override
            public void sessionStarted(Session session) {
                told.add(at() + " " + session.jti + " journal open");
            }

            @Override
            public void sessionWaiting(Session session) {
                told.add(at() + " " + session.jti + " journal waiting");
            }

            @Override
            public void sessionEnded(Session session, AckStatus status, Map<String, Object> ack, String code,
                                     String reason) {
                told.add(at() + " " + session.jti + " journal " + status.wire() + (code == null ? "" : " " + code));
                if (ack != null) {
                    ack(session.jti, status, ack);
                }
            }
        };
        playback = new Playback(loop, relays, mixer, (id, request, soundEvents, fromMillis) -> {
            TestSound sound = new TestSound(id, soundEvents, fromMillis);
            sounds.add(sound);
            return sound;
        }, new PlaybackSettings(WARMUP, HOLD, 70, 100, INTERVAL, MAX_ON), events, time::millis, 70);
        relays.startOnTimeChecks();
    }

    /** A sound the test drives: its position, its end, its failure; it knows whether it was closed. */
    static final class TestSound implements Sound {
        final String session;
        final SoundEvents events;
        final long from;
        long positionMillis;
        boolean closed;

        TestSound(String session, SoundEvents events, long from) {
            this.session = session;
            this.events = events;
            this.from = from;
        }

        @Override
        public vn.communeradio.gateway.audio.Voice voice() {
            return new vn.communeradio.gateway.audio.LevelVoice(0.5f);
        }

        @Override
        public long audioMillis() {
            return 0;
        }

        @Override
        public String location() {
            return "test:" + session;
        }

        @Override
        public long positionMillis() {
            return positionMillis;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Milliseconds since the test began. */
    long at() {
        return time.millis() - ManualTime.START_MILLIS;
    }

    void pass(Duration d) {
        time.advance(loop, d);
    }

    void pass(long millis) {
        pass(Duration.ofMillis(millis));
    }

    void play(String jti, Priority priority, Long durationS, Integer... zones) {
        playback.request(jti, jti, priority, SoundRequest.of("test:" + jti), List.of(zones), null, null, durationS);
        loop.runDue();
    }

    /** Relay changes as "ms channel on|off", in order. */
    List<String> switched() {
        return hardware.history().stream().map(PlaybackTest::describe).toList();
    }

    static String describe(RelayChange c) {
        return (c.at().toEpochMilli() - ManualTime.START_MILLIS) + " " + c.channel() + " " + (c.on() ? "on" : "off");
    }

    TestSound sound(String session) {
        return sounds.stream().filter(s -> s.session.equals(session)).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void aSessionGoesThroughEveryStageFromAmplifierOnToAmplifierOff() {
        assertEquals(IDLE, playback.stage());
        play("n1", Priority.NORMAL, 10L);
        assertEquals(WARMING_UP, playback.stage());
        assertEquals(List.of("0 amp on"), switched());
        pass(WARMUP.minusMillis(1));
        assertEquals(WARMING_UP, playback.stage(), "zones only once the amplifier is warm");
        pass(1);
        assertEquals(ON_AIR, playback.stage());
        assertEquals(List.of("0 amp on", "1000 zone1 on", "1000 zone2 on"), switched(), "no zone named: all");
        pass(Duration.ofSeconds(10).minus(WARMUP).minusMillis(1));
        assertEquals(ON_AIR, playback.stage(), "its duration counts from the request");
        pass(1);
        assertEquals(FADING, playback.stage());
        assertFalse(sound("n1").closed, "the sound plays on, fading");
        pass(FADE);
        assertEquals(HOLDING, playback.stage());
        assertTrue(sound("n1").closed);
        pass(HOLD.minusMillis(1));
        assertEquals(HOLDING, playback.stage());
        pass(1);
        assertEquals(IDLE, playback.stage());
        assertEquals(List.of("0 amp on", "1000 zone1 on", "1000 zone2 on", "10025 zone1 off", "10025 zone2 off",
                "40025 amp off"), switched());
        assertEquals(List.of("0 n1 journal waiting", "1000 n1 started", "1000 n1 journal open",
                "10025 n1 journal finished", "10025 n1 finished"), told, "final ack after the zones are off");
    }

    @Test
    void aHigherPriorityPreemptsAtOnceOnTheSameZonesAndTheLowerResumesOneSecondBeforeItWasCut() {
        play("lesson", Priority.NORMAL, null, 1);
        pass(WARMUP);
        sound("lesson").positionMillis = 4_000;
        pass(4_000);
        play("alarm", Priority.EMERGENCY, 2L, 1, 2);
        assertEquals(FADING, playback.stage(), "the lesson fades out at once");
        assertTrue(told.contains("5000 lesson preempted"), told.toString());
        pass(FADE);
        assertEquals(ON_AIR, playback.stage(), "the amplifier is warm: zones straight away");
        assertTrue(sound("lesson").closed);
        pass(Duration.ofSeconds(2).minus(FADE));
        assertEquals(FADING, playback.stage(), "the alarm's 2 s are over");
        pass(FADE);
        assertEquals(ON_AIR, playback.stage(), "the lesson follows on at once");
        assertEquals(3_000, sound("lesson").from, "resumed 1 s before where it was cut");
        assertEquals(List.of("0 amp on", "1000 zone1 on", "5025 zone2 on", "7025 zone2 off"), switched(),
                "emergencies play on every zone; zone 1 stays on across both hand-overs");
        assertEquals(List.of("0 lesson journal waiting", "1000 lesson started", "1000 lesson journal open",
                "5000 lesson preempted", "5000 alarm journal open", "5025 alarm started", "7025 alarm journal finished",
                "7025 alarm finished", "7025 lesson started resumed"), told);
        playback.stop("lesson");
        pass(FADE);
        assertEquals(HOLDING, playback.stage());
        assertTrue(told.containsAll(List.of("7050 lesson journal stopped", "7050 lesson stopped")), told.toString());
    }

    @Test
    void anEqualPriorityReplacesTheRunningOneWhichNeverResumes() {
        play("first", Priority.NORMAL, null);
        pass(2_000);
        play("second", Priority.NORMAL, 1L);
        assertTrue(told.containsAll(List.of("2000 first journal preempted", "2000 first preempted")), told.toString());
        pass(FADE);
        assertEquals(ON_AIR, playback.stage());
        pass(1_000);
        pass(FADE);
        assertEquals(HOLDING, playback.stage(), "the first never returns");
        assertEquals(1, sounds.stream().filter(s -> s.session.equals("first")).count());
    }

    @Test
    void aLowerPriorityWaitsAndPlaysAfterOrExpiresIfItsTimeEndsFirst() {
        play("high", Priority.HIGH, 3L);
        play("short", Priority.LOW, 1L);
        play("low", Priority.LOW, 5L);
        assertEquals(List.of("high", "short", "low"), playback.sessionIds());
        pass(1_000);
        assertTrue(told.containsAll(List.of("1000 short journal failed expired", "1000 short failed expired")),
                "a duration counts from the request: its time ended while it waited: " + told);
        pass(2_000);
        assertEquals(FADING, playback.stage());
        pass(FADE);
        assertEquals(ON_AIR, playback.stage(), "the waiting one follows the higher one at once");
        assertTrue(told.contains("3025 low started"), told.toString());
        assertEquals(List.of("0 amp on", "1000 zone1 on", "1000 zone2 on"), switched(), "zones stay on between them");
        pass(2_000 - FADE.toMillis());
        pass(FADE);
        assertTrue(told.contains("5025 low finished"), "its 5 s counted from the request: " + told);
        assertTrue(sounds.stream().noneMatch(s -> s.session.equals("short")), "the expired one was never opened");
    }

    @Test
    void aSessionInTheIdleHoldTakesTheWarmAmplifierAtOnce() {
        play("a", Priority.NORMAL, 2L);
        pass(2_000);
        pass(FADE);
        assertEquals(HOLDING, playback.stage());
        pass(5_000);
        play("b", Priority.EMERGENCY, 1L);
        assertEquals(ON_AIR, playback.stage(), "no warm-up: the amplifier has been on for 7 s");
        assertTrue(told.contains("7025 b started"), told.toString());
        assertEquals(List.of("0 amp on", "1000 zone1 on", "1000 zone2 on", "2025 zone1 off", "2025 zone2 off",
                "7025 zone1 on", "7025 zone2 on"), switched());
    }

    @Test
    void theMinimumIntervalHoldsAZoneAndAudioStartsWhenItsContactFollowed() {
        play("a", Priority.NORMAL, null, 1);
        pass(WARMUP.plusSeconds(2));
        playback.stop("a");
        pass(FADE);
        play("b", Priority.NORMAL, null, 1);
        assertEquals(OPENING, playback.stage(), "zone 1 went off 0 ms ago: it may switch again in 1 s");
        pass(INTERVAL.minusMillis(1));
        assertEquals(OPENING, playback.stage());
        pass(1);
        assertEquals(ON_AIR, playback.stage());
        assertEquals(List.of("0 amp on", "1000 zone1 on", "3025 zone1 off", "4025 zone1 on"), switched());
        assertTrue(told.contains("4025 b started"), "started once the contact closed: " + told);
    }

    @Test
    void aZoneAskedOffAndOnAgainWithinTheIntervalNeverMoves() {
        play("a", Priority.NORMAL, null, 1);
        pass(WARMUP);
        playback.stop("a");
        pass(FADE);
        play("b", Priority.NORMAL, null, 1);
        assertEquals(ON_AIR, playback.stage(), "zone 1's off was still waiting for its interval: it stays on");
        assertEquals(List.of("0 amp on", "1000 zone1 on"), switched());
    }

    @Test
    void theMaximumOnTimeCutsWhateverPlaysSwitchesAllOffAtOnceThenWhatWaitsPlays() {
        play("normal", Priority.NORMAL, null);
        pass(WARMUP.plusSeconds(60));
        play("stuck", Priority.EMERGENCY, null);
        pass(MAX_ON.minusSeconds(61).minus(WARMUP));
        assertEquals(ON_AIR, playback.stage(), "1 s short of the maximum: " + switched());
        pass(Duration.ofSeconds(1));
        assertEquals(FADING, playback.stage(), "the amplifier reached its maximum on-time");
        pass(FADE);
        List<String> s = switched();
        assertEquals(List.of("14400025 zone1 off", "14400025 zone2 off", "14400025 amp off"), s.subList(3, 6),
                "cut: faded, zones off, amplifier off without its hold");
        assertTrue(told.containsAll(List.of("14400025 stuck journal failed expired", "14400025 stuck failed expired")),
                told.toString());
        // the interrupted session was preempted within its time: it plays after the cut, from a cold amplifier
        assertEquals(WARMING_UP, playback.stage());
        assertEquals(6, switched().size(), "the amplifier may switch on again only after the interval");
        pass(INTERVAL);
        assertEquals("14401025 amp on", switched().get(6));
        pass(WARMUP);
        assertEquals(ON_AIR, playback.stage());
        assertTrue(told.contains("14402025 normal started resumed"), told.toString());
    }

    @Test
    void aStopDuringTheWarmUpEndsTheSessionUnheardAndTheNextFinishesTheSameWarmUp() {
        play("a", Priority.NORMAL, null);
        pass(400);
        playback.stop("a");
        pass(FADE);
        assertEquals(HOLDING, playback.stage());
        assertEquals(List.of("0 a journal waiting", "425 a journal stopped", "425 a stopped"), told, "never started");
        play("b", Priority.NORMAL, null);
        assertEquals(WARMING_UP, playback.stage(), "the amplifier is not warm yet");
        pass(WARMUP.minusMillis(425 + 1));
        assertEquals(WARMING_UP, playback.stage());
        pass(1);
        assertEquals(ON_AIR, playback.stage(), "warm 1 s after its contact closed, not 1 s after the second request");
    }

    @Test
    void aPreemptionDuringTheWarmUpWaitsTheWarmUpOut() {
        play("normal", Priority.NORMAL, null);
        pass(300);
        play("alarm", Priority.EMERGENCY, null);
        assertEquals(WARMING_UP, playback.stage());
        assertTrue(sound("normal").closed, "the preempted one was never heard: closed at once");
        assertTrue(told.contains("300 normal preempted"), told.toString());
        pass(WARMUP.minusMillis(301));
        assertEquals(WARMING_UP, playback.stage(), "no zone before the amplifier is warm, emergency or not");
        pass(1);
        assertEquals(ON_AIR, playback.stage());
        assertEquals("alarm", playback.current().id);
    }

    @Test
    void aSourceThatEndsOrFailsEndsItsSession() {
        play("stream", Priority.NORMAL, null);
        pass(300);
        sound("stream").events.failed(RejectCode.SOURCE_UNREACHABLE, "connection refused");
        loop.runDue();
        pass(FADE);
        assertTrue(told.containsAll(List.of("325 stream journal failed source_unreachable",
                "325 stream failed source_unreachable")), told.toString());
        assertFalse(told.stream().anyMatch(t -> t.contains("stream started")), "it never went on air");
        play("file", Priority.NORMAL, null);
        pass(WARMUP);
        sound("file").events.ended();
        loop.runDue();
        pass(FADE);
        assertTrue(told.contains("1350 file finished"), told.toString());
        sound("file").events.ended();
        loop.runDue();
        assertEquals(1, told.stream().filter(t -> t.contains("file finished")).count(), "stale news is dropped");
    }

    @Test
    void startAtWaitsUntilItsTimeThenPlays() {
        playback.request("later", "later", Priority.NORMAL, SoundRequest.of("test:later"), List.of(), null,
                (ManualTime.START_MILLIS + 5_000) / 1000, 2L);
        loop.runDue();
        assertEquals(IDLE, playback.stage());
        assertEquals(List.of("0 later journal waiting"), told);
        pass(5_000);
        assertEquals(WARMING_UP, playback.stage());
        pass(WARMUP);
        pass(1_000);
        pass(FADE);
        assertEquals(List.of("0 later journal waiting", "6000 later started", "6000 later journal open",
                "7025 later journal finished", "7025 later finished"), told, "2 s from its start_at");
    }

    @Test
    void anEmergencyResumedAfterARestartSaysResumedAndKeepsItsMarker() {
        playback.resume("flood", "flood", Priority.EMERGENCY, SoundRequest.of("test:flood"), List.of(), null,
                ManualTime.START_MILLIS + 60_000);
        pass(WARMUP);
        assertEquals(List.of("1000 flood started resumed"), told);
    }

    @Test
    void aTechniciansRelayTestIsRefusedWhileASessionHoldsTheRelaysAndAPulseSwitchesBack() {
        play("a", Priority.NORMAL, null);
        String refused = playback.manual("zone1", true, null);
        assertTrue(refused != null && refused.contains("session a (normal)"), refused);
        playback.stop("a");
        pass(FADE);
        pass(HOLD);
        assertEquals(IDLE, playback.stage());
        assertNull(playback.manual("zone2", true, Duration.ofMillis(500)));
        pass(INTERVAL.plus(Duration.ofMillis(500)));
        assertEquals(List.of("30025 zone2 on", "31025 zone2 off"),
                switched().subList(switched().size() - 2, switched().size()),
                "back off after the 500 ms pulse, once the minimum interval since it went on has passed");
        assertTrue(playback.manual("amp", true, null) == null && relays.isOn("amp"));
        play("b", Priority.NORMAL, null);
        assertEquals(WARMING_UP, playback.stage(), "the amplifier switched on by hand is warmed up too");
    }

    @Test
    void theStagesMoveOnlyAsTheTableSays() {
        for (RelaySequence.Stage from : RelaySequence.Stage.values()) {
            assertFalse(from.canMoveTo(from), from + " to itself is no move");
        }
        assertFalse(IDLE.canMoveTo(ON_AIR), "no audio without zones");
        assertFalse(WARMING_UP.canMoveTo(ON_AIR), "no audio before the zones");
        assertFalse(ON_AIR.canMoveTo(HOLDING), "no zones off without a fade");
        assertFalse(HOLDING.canMoveTo(ON_AIR));
        assertTrue(FADING.canMoveTo(IDLE), "a cut");
    }
}
