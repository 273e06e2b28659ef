package vn.communeradio.gateway.control;

import java.util.List;
import vn.communeradio.gateway.command.Priority;
import vn.communeradio.gateway.playback.Sound;
import vn.communeradio.gateway.playback.SoundRequest;

/** One playback request and where it stands; owned by the control loop. */
final class Session {

    final String jti;
    final String id;
    final Priority priority;
    final SoundRequest source;
    final List<Integer> zones;
    final Integer volume;
    /** Earliest start (start_at), epoch millis. */
    final long notBeforeMillis;
    /** End of its time (start + duration), epoch millis; {@link Long#MAX_VALUE} when open-ended. */
    long endAtMillis;
    final Long durationMillis;
    final long arrival;
    boolean everStarted;
    /** Its journal marker is written (an emergency's as soon as its start sequence begins: see Playback.begin). */
    boolean marked;
    /** Its journal has a marker saying it waits to start (started null). */
    boolean waitingMarked;
    long sinceMillis;
    ControlLoop.Timer endTimer;
    /** Where a preempted file resumes, ms into its audio (0: from its beginning; live streams rejoin live). */
    long resumeFromMillis;
    /** Its audio while it is the running session; null otherwise. */
    Sound sound;

    Session(String jti, String id, Priority priority, SoundRequest source, List<Integer> zones, Integer volume,
            long notBeforeMillis, Long durationMillis, long arrival) {
        this.jti = jti;
        this.id = id;
        this.priority = priority;
        this.source = source;
        this.zones = zones;
        this.volume = volume;
        this.notBeforeMillis = notBeforeMillis;
        this.durationMillis = durationMillis;
        this.endAtMillis = durationMillis == null ? Long.MAX_VALUE : notBeforeMillis + durationMillis;
        this.arrival = arrival;
    }

    boolean expired(long nowMillis) {
        return nowMillis >= endAtMillis;
    }
}
