package vn.communeradio.gateway.control;

import vn.communeradio.gateway.command.AckStatus;
import vn.communeradio.gateway.command.Priority;
import vn.communeradio.gateway.command.SourceUrls;
import vn.communeradio.gateway.journal.Ending;
import vn.communeradio.gateway.journal.LogOutcome;
import vn.communeradio.gateway.journal.OpenSession;
import vn.communeradio.gateway.journal.Played;

/** Turns the control loop's sessions into the journal's values (markers and endings). */
final class SessionRecords {

    private SessionRecords() {
    }

    /** The marker of a session that starts playing now: all a restart needs to log or resume it. */
    static OpenSession opened(Session s, long nowMillis) {
        return new OpenSession(s.jti, s.id, s.priority, s.source.sources(), s.source.cacheFirst(), s.source.sha256(),
                s.zones, s.volume, nowMillis, s.endAtMillis == Long.MAX_VALUE ? null : s.endAtMillis);
    }

    /** The marker of a session accepted to wait: started null, so a restart logs it as never played. */
    static OpenSession waiting(Session s) {
        return new OpenSession(s.jti, s.id, s.priority, s.source.sources(), s.source.cacheFirst(), s.source.sha256(),
                s.zones, s.volume, null, s.endAtMillis == Long.MAX_VALUE ? null : s.endAtMillis);
    }

    /**
     * The marker of a zone self-test run over {@code zones}: {@code startedMillis} null when accepted, when its first
     * audio went out once it started. Its steps have none: the run is the session a restart logs interrupted.
     */
    static OpenSession selftestMarker(String jti, java.util.List<Integer> zones, Long startedMillis) {
        return new OpenSession(jti, jti, Priority.LOW, java.util.List.of(SourceUrls.TEST_SIGNAL), false, null, zones,
                ZoneSelfTest.VOLUME, startedMillis, null);
    }

    /** The record of a zone self-test run ({@code selftest}): its zones' verdicts are its reason. */
    static Ending selftest(String jti, AckStatus status, String code, String reason, Played played, long nowMillis) {
        return new Ending(jti, jti, Priority.LOW.wire(), SourceUrls.TEST_SIGNAL, nowMillis, outcome(status), code,
                reason, played);
    }

    /** The ending of a session whose final status is {@code status} (finished, stopped, preempted or failed). */
    static Ending ending(Session s, AckStatus status, String code, String reason, String fault, long nowMillis) {
        return new Ending(s.jti, s.id, s.priority.wire(), s.source.primary(), nowMillis, outcome(status), code, reason,
                new Played(s.firstAudioMillis, s.audioMillis(), s.drops(), s.heard, fault));
    }

    private static LogOutcome outcome(AckStatus status) {
        return switch (status) {
            case FINISHED -> LogOutcome.FINISHED;
            case STOPPED -> LogOutcome.STOPPED;
            case PREEMPTED -> LogOutcome.PREEMPTED;
            case FAILED -> LogOutcome.FAILED;
            default -> throw new IllegalArgumentException(status + " is not a final status");
        };
    }
}
