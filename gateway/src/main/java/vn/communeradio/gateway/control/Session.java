package vn.communeradio.gateway.control;

import java.util.ArrayList;
import java.util.List;
import vn.communeradio.gateway.command.AckStatus;
import vn.communeradio.gateway.command.Priority;
import vn.communeradio.gateway.command.RejectCode;
import vn.communeradio.gateway.hearing.Heard;
import vn.communeradio.gateway.hearing.Hearing;
import vn.communeradio.gateway.playback.Sound;
import vn.communeradio.gateway.playback.SoundRequest;

/**
 * One playback request and where it stands; owned by the control loop.
 *
 * <pre>
 * phase      meaning                                    next
 * WAITING    accepted, never on air yet                 STARTING (it plays), ENDED (stopped, replaced, expired)
 * STARTING   the relay sequence takes it on air, and    ON_AIR (its first audio reached the output: started),
 *            the mixer plays its voice until its source PREEMPTED, ENDED (failed when no audio ever came)
 *            delivers
 * ON_AIR     its audio reached the output               PREEMPTED (it resumes later), ENDED
 * PREEMPTED  a higher priority plays; still in its time STARTING (it resumes), ENDED (expired, replaced, stopped)
 * ENDED      its final status is known (told once its audio has faded out)
 * </pre>
 *
 * What it sent is counted as it goes: each sound's programme audio (its voice counts it on the audio callback) is
 * added when the sound leaves the air, so a session preempted and resumed sums its runs, and a fade-out is never
 * counted as programme.
 */
final class Session {

    enum Phase { WAITING, STARTING, ON_AIR, PREEMPTED, ENDED }

    /** What the journal holds for it: nothing yet, a waiting marker, or an open one (it played). */
    enum Marker { NONE, WAITING, OPEN }

    /** The final status, told (journal record, then the final ack) once the session's audio has faded out. */
    record FinalStatus(AckStatus status, RejectCode code, String reason) {
    }

    final String jti;
    final String id;
    final Priority priority;
    final SoundRequest source;
    final List<Integer> zones;
    final Integer volume;
    /** Earliest start (start_at), epoch millis. */
    final long notBeforeMillis;
    /** End of its time (start + duration), epoch millis; {@link Long#MAX_VALUE} when open-ended. */
    final long endAtMillis;
    final Long durationMillis;
    final long arrival;
    Phase phase = Phase.WAITING;
    Marker marker = Marker.NONE;
    /** It has been on air before (in this run, or in the one a restart resumes): its next start is a resume. */
    boolean everOnAir;
    /** Some of its audio reached the output in this run: only then may it end {@code finished}. */
    boolean audible;
    /**
     * When its audio first reached the output, epoch millis (for an emergency a restart resumes, when the previous
     * run started it); null before: its log record's {@code started}.
     */
    Long firstAudioMillis;
    /** The relay sequence gave its voice to the mixer (this run): from then on only its source can keep it silent. */
    boolean voiced;
    /** When the relay sequence gave its voice to the mixer (this run), the station's millis. */
    long voicedAtMillis;
    /** When it went on air last, epoch millis (the state's {@code since}). */
    long sinceMillis;
    ControlLoop.Timer endTimer;
    /** Where a preempted file resumes, ms into its audio (0: from its beginning; live streams rejoin live). */
    long resumeFromMillis;
    /** Its audio while the relay sequence holds it; null otherwise. */
    Sound sound;
    /** {@link #sound} has left the air: what it sent is in the totals below, what it plays while fading is not. */
    private boolean soundCounted;
    /** Programme audio (ms) and gaps of its sounds that have left the air. */
    private long audioMillisBefore;
    private long dropsBefore;
    /** Set when it ends; null before. */
    FinalStatus finalStatus;
    /** What the sense input compares with its programme, from its first time on air; null without a sense input. */
    Hearing.Listening listening;
    /** What the sense input heard of it, once it ended; null before, or without a sense input. */
    Heard heard;

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

    /** A sound was opened for it (a first run, or a resume): it counts from now until it leaves the air. */
    void opened(Sound opened) {
        sound = opened;
        soundCounted = false;
    }

    /** Its sound leaves the air (fades out, or is closed unheard): what it sent is added to the totals. */
    void soundLeft() {
        if (sound != null && !soundCounted) {
            audioMillisBefore += sound.audioMillis();
            dropsBefore += sound.drops();
            soundCounted = true;
        }
    }

    /** Milliseconds of programme audio it has sent to the output so far, in this run. */
    long audioMillis() {
        return audioMillisBefore + (sound == null || soundCounted ? 0 : sound.audioMillis());
    }

    /** Gaps in that audio so far: times a source ran dry after it had begun. */
    long drops() {
        return dropsBefore + (sound == null || soundCounted ? 0 : sound.drops());
    }

    boolean expired(long nowMillis) {
        return nowMillis >= endAtMillis;
    }

    /** The zones it plays on: its own list, or every zone for an emergency or a session that named none. */
    List<Integer> playsOn(int zoneCount) {
        if (priority != Priority.EMERGENCY && !zones.isEmpty()) {
            return zones;
        }
        List<Integer> all = new ArrayList<>();
        for (int z = 1; z <= zoneCount; z++) {
            all.add(z);
        }
        return all;
    }
}
