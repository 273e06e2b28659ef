package vn.communeradio.gateway.control;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.communeradio.gateway.command.AckStatus;
import vn.communeradio.gateway.command.RejectCode;
import vn.communeradio.gateway.hearing.Heard;

/**
 * The zone self-test ({@code selftest}, extension): each zone alone in turn plays the test signal
 * ({@code test:bursts}) for {@value #STEP_S} s at volume {@value #VOLUME}, counted from its first audio (a slow
 * amplifier's warm-up takes none of it), and the sense input's figures for it say whether that zone sounds. Each zone's turn is an ordinary session at priority low (so the relay sequence takes
 * the amplifier and zones through its stages, and anything preempts it), whose acks and records the station keeps
 * to itself: the run has one ack series and one log record of its own. Control loop only.
 */
final class ZoneSelfTest {

    /** Its steps' command ids start so: never a central command's, whose ids cannot hold a '/'. */
    static final String STEP_PREFIX = "selftest/";
    static final long STEP_S = 3;
    /** Modest: -20 dBFS of noise at this volume is about -38 dBFS into the amplifier. */
    static final int VOLUME = 50;

    /** One zone's verdict: its part of the final ack's {@code zones}. */
    record ZoneResult(int zone, boolean ok, Double levelDb) {
        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("zone", zone);
            m.put("ok", ok);
            m.put("level_db", levelDb == null ? null : (Object) (Math.round(levelDb * 10) / 10.0));
            return m;
        }
    }

    /** What a run needs from the station. */
    interface Host {
        /**
         * Plays zone {@code zone}'s turn: a low session of the test signal with these ids, bounded generously (the
         * run ends it {@value #STEP_S} s after its first audio; the bound only catches a step that never sounds).
         */
        void play(String jti, String session, int zone);

        /** Ends a step that has played its time: {@code finished}, its verdict then comes to {@link #stepEnded}. */
        void finish(String session);

        /** Ends a step that waits (preempted), once what is deciding now is done (not from within it). */
        void stop(String session);

        /** The run {@code jti} over {@code zones} started (its first audio reached the output). */
        void started(String jti, List<Integer> zones);

        /**
         * Why {@code step}'s silence says nothing of its zone (the sense input was connected to nothing while it
         * played), or null when what was heard of it is its zone's verdict.
         */
        String unjudged(Session step);

        /**
         * The run ended: {@code status} finished (every zone measured), preempted or stopped (some may be), or
         * failed ({@code code}, {@code reason}); {@code results} in the order measured.
         */
        void ended(String jti, AckStatus status, String code, String reason, List<ZoneResult> results,
                   long audioMillis, Long startedMillis);
    }

    private final ControlLoop loop;
    private final Host host;
    /** The run under way, or null. */
    private Run run;

    private static final class Run {
        final String jti;
        final List<Integer> tested;
        final Deque<Integer> zones;
        final List<ZoneResult> results = new ArrayList<>();
        String stepJti;
        String stepSession;
        boolean started;
        /** Ends the sounding step {@value #STEP_S} s after its first audio; null before it sounds. */
        ControlLoop.Timer stepTimer;
        long audioMillis;
        Long startedMillis;

        Run(String jti, List<Integer> zones) {
            this.jti = jti;
            this.tested = List.copyOf(zones);
            this.zones = new ArrayDeque<>(zones);
        }
    }

    ZoneSelfTest(ControlLoop loop, Host host) {
        this.loop = loop;
        this.host = host;
    }

    /** Starts a run over {@code zones} (in order); one under way gives way to it and ends preempted. */
    void start(String jti, List<Integer> zones) {
        if (run != null) {
            end(AckStatus.PREEMPTED, null, null);
        }
        run = new Run(jti, zones);
        next();
    }

    /** Whether {@code jti} is one of a run's steps (their acks and records are the run's business). */
    boolean owns(String jti) {
        return jti.startsWith(STEP_PREFIX);
    }

    /**
     * A step's ack: its {@code started} starts its {@value #STEP_S} s (and the first one the run); a
     * {@code preempted} ends the run (anything preempts a test).
     */
    void stepAck(String jti, AckStatus status) {
        if (run == null || !jti.equals(run.stepJti)) {
            return;
        }
        if (status == AckStatus.STARTED) {
            Run current = run;
            String step = current.stepJti;
            String session = current.stepSession;
            current.stepTimer = loop.schedule(Duration.ofSeconds(STEP_S), () -> {
                if (run == current && step.equals(current.stepJti)) {
                    host.finish(session);
                }
            });
            if (!current.started) {
                current.started = true;
                host.started(current.jti, current.tested);
            }
        } else if (status == AckStatus.PREEMPTED) {
            String waiting = run.stepSession;
            end(AckStatus.PREEMPTED, null, null);
            host.stop(waiting); // it would resume later: a test half done is not resumed
        }
    }

    /** A step ended: its zone's verdict from what was heard, then the next zone, or the run's end. */
    void stepEnded(Session step, AckStatus status, String code, String reason) {
        if (run == null || !step.jti.equals(run.stepJti)) {
            return; // a step of a run already over
        }
        cancelStepTimer();
        run.audioMillis += step.audioMillis();
        if (run.startedMillis == null) {
            run.startedMillis = step.firstAudioMillis;
        }
        if (status != AckStatus.FINISHED) {
            end(status, code, reason);
            return;
        }
        String unjudged = host.unjudged(step);
        if (unjudged != null) {
            // a zone called silent on silence from nothing would send someone up a pole for a cable at the box
            end(AckStatus.FAILED, RejectCode.INTERNAL.wire(), unjudged);
            return;
        }
        Heard heard = step.heard;
        run.results.add(new ZoneResult(step.zones.get(0), heard != null && heard.ok(),
                heard == null ? null : heard.levelDb()));
        next();
    }

    private void next() {
        Integer zone = run.zones.poll();
        if (zone == null) {
            end(AckStatus.FINISHED, null, null);
            return;
        }
        run.stepJti = STEP_PREFIX + run.jti + "/" + zone;
        run.stepSession = run.jti + ":zone" + zone;
        host.play(run.stepJti, run.stepSession, zone);
    }

    private void cancelStepTimer() {
        if (run.stepTimer != null) {
            run.stepTimer.cancel();
            run.stepTimer = null;
        }
    }

    private void end(AckStatus status, String code, String reason) {
        cancelStepTimer();
        Run ended = run;
        run = null;
        host.ended(ended.jti, status, code, reason, List.copyOf(ended.results), ended.audioMillis,
                ended.startedMillis);
    }
}
