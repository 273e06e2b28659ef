package vn.communeradio.gateway.control;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.tinylog.Logger;
import vn.communeradio.gateway.audio.Mixer;
import vn.communeradio.gateway.audio.VolumeCurve;
import vn.communeradio.gateway.command.AckStatus;
import vn.communeradio.gateway.command.Priority;
import vn.communeradio.gateway.command.RejectCode;
import vn.communeradio.gateway.hearing.Heard;
import vn.communeradio.gateway.hearing.Hearing;
import vn.communeradio.gateway.journal.Played;
import vn.communeradio.gateway.playback.Silence;
import vn.communeradio.gateway.playback.Sound;
import vn.communeradio.gateway.playback.SoundEvents;
import vn.communeradio.gateway.playback.SoundOpener;
import vn.communeradio.gateway.playback.SoundRequest;

/**
 * Sessions and priorities (PROTOCOL.md "Priority"): which session plays, which waits, which is preempted and
 * resumes, which has ended and how. A higher priority preempts at once, an equal one replaces, a lower one waits
 * unless it expires first. The relays, the mixer and the sounds move through the {@link RelaySequence}; every ack
 * and journal event goes to {@link Events}. Control loop only: each entry point says so.
 *
 * <p>Acks never claim a broadcast that did not happen: {@code started} goes out when a session's audio has reached
 * the output, not when the relays are on; a session whose time ends, or whose source ends, without any audio has
 * {@code failed} (its source's last problem says why), never {@code finished}; and every final ack and record says
 * how much programme audio went out ({@code audio_s}) and how many gaps it had ({@code drops}).
 */
final class Playback implements RelaySequence.Owner {

    /** Session acks and state changes go here. */
    interface Events {
        void ack(String jti, AckStatus status, Map<String, Object> extra);

        void changed();

        /** A session played for the first time (not on a resume): the journal marks it open. */
        default void sessionStarted(Session session) {
        }

        /** The amplifier went off after its idle hold: until a session comes, a pause is heard by nobody. */
        default void quiet() {
        }

        /** A new session was queued to wait (not current once arbitration ran): the journal marks it waiting. */
        default void sessionWaiting(Session session) {
        }

        /**
         * A session reached its final status ({@code code}: wire word or null): the journal logs it, then the
         * final ack with {@code ack}'s fields goes out (null: an earlier ack was its last word).
         */
        default void sessionEnded(Session session, AckStatus status, Map<String, Object> ack, String code,
                                  String reason) {
            if (ack != null) {
                ack(session.jti, status, ack);
            }
        }
    }

    /**
     * How long the output may take to play a ready sound the mixer was given (a period of the largest JACK buffer,
     * 4096 frames at 48 kHz, is 85 ms, and the sequence looks every {@link RelaySequence#AUDIO_CHECK}): a ready
     * sound silent for longer is the station's own failure ({@code internal}).
     */
    static final Duration OUTPUT_GRACE = Duration.ofMillis(250);

    private final ControlLoop loop;
    private final RelayGuard relays;
    private final RelaySequence sequence;
    private final PlaybackSettings settings;
    private final Events events;
    private final LongSupplier clock;
    private final List<Session> waiting = new ArrayList<>();
    /** The session the relay sequence takes or holds on air; null when none (also while an ended one fades). */
    private Session current;
    private ControlLoop.Timer wakeTimer;
    private final Map<String, ControlLoop.Timer> manualTimers = new HashMap<>();
    private long arrivals;
    private int volume;
    /** When the schedule's next item fires (epoch ms), or null: sessions due that are not requested yet. */
    private Supplier<Long> upcoming = () -> null;
    /** Proof of broadcast; null without a sense input. */
    private Hearing hearing;

    Playback(ControlLoop loop, RelayGuard relays, Mixer mixer, SoundOpener sounds, PlaybackSettings settings,
             Events events, LongSupplier clockMillis, int volume) {
        this.loop = loop;
        this.relays = relays;
        this.settings = settings;
        this.events = events;
        this.clock = clockMillis;
        this.volume = volume;
        this.sequence = new RelaySequence(loop, relays, mixer,
                session -> sounds.open(session.id, session.source, soundEvents(session), session.resumeFromMillis),
                this::gain, settings.warmup(), settings.idleHold());
        sequence.owner(this);
        relays.whenOnTooLong(this::relayOnTooLong);
    }

    /** Where to learn when the schedule's next item fires; before the loop runs. */
    void upcoming(Supplier<Long> nextItemMillis) {
        upcoming = nextItemMillis;
    }

    /** What the sense input heard of each session goes into its final ack and record; before the loop runs. */
    void hearing(Hearing ears) {
        hearing = ears;
    }

    /** The amplifier's warm-up before a session's zones open (playback.warmup_ms). */
    Duration warmup() {
        return settings.warmup();
    }

    /** The relays' minimum interval between switchings (relay.min_interval_ms). */
    Duration relayInterval() {
        return settings.relayInterval();
    }

    int zoneCount() {
        return sequence.zoneCount();
    }

    Session current() {
        return current;
    }

    RelaySequence.Stage stage() {
        return sequence.stage();
    }

    int volume() {
        return volume;
    }

    void setVolume(int level) {
        loop.assertOnLoop();
        volume = level;
        sequence.regain();
    }

    /** Queues a new session and decides at once what plays. */
    void request(String jti, String id, Priority priority, SoundRequest source, List<Integer> zones, Integer volumeLevel,
                 Long startAtSeconds, Long durationSeconds) {
        loop.assertOnLoop();
        long now = clock.getAsLong();
        long notBefore = startAtSeconds == null ? now : Math.max(now, startAtSeconds * 1000);
        Session session = new Session(jti, id, priority, source, zones, volumeLevel, notBefore,
                durationSeconds == null ? null : durationSeconds * 1000, arrivals++);
        // a new request with the id of a waiting or running session takes its place
        waiting.removeIf(s -> {
            if (s.id.equals(id)) {
                endWaiting(s, AckStatus.PREEMPTED, finalAck(s, null, null), null, null);
                return true;
            }
            return false;
        });
        waiting.add(session);
        decide();
        if (session.phase == Session.Phase.WAITING && session.marker == Session.Marker.NONE) {
            session.marker = Session.Marker.WAITING;
            events.sessionWaiting(session);
        }
    }

    /**
     * Plays again, after a restart, a session that was on when the service stopped (PROTOCOL.md: an emergency
     * still within its time). It counts as resumed: {@code started} carries {@code resumed:true}, and the
     * journal keeps the marker it already has ({@code startedMillis}: when the previous run started it).
     */
    void resume(String jti, String id, Priority priority, SoundRequest source, List<Integer> zones,
                Integer volumeLevel, Long endAtMillis, Long startedMillis) {
        loop.assertOnLoop();
        long now = clock.getAsLong();
        Session session = new Session(jti, id, priority, source, zones, volumeLevel, now,
                endAtMillis == null ? null : Math.max(0, endAtMillis - now), arrivals++);
        session.everOnAir = true;
        session.firstAudioMillis = startedMillis;
        session.marker = Session.Marker.OPEN;
        session.phase = Session.Phase.PREEMPTED;
        waiting.add(session);
        decide();
    }

    /** Ends a session by id; false when there is no such session. */
    boolean stop(String id) {
        loop.assertOnLoop();
        if (current != null && current.id.equals(id)) {
            end(AckStatus.STOPPED, null, null);
            return true;
        }
        for (Session s : waiting) {
            if (s.id.equals(id)) {
                waiting.remove(s);
                endWaiting(s, AckStatus.STOPPED, finalAck(s, null, null), null, null);
                events.changed();
                return true;
            }
        }
        return false;
    }

    /**
     * Ends a session by id because its owner is done with it (a released push-to-talk): the one playing ends
     * {@code finished}; one whose audio has not reached the output yet (the amplifier still warming up), or one
     * waiting, never went on air and ends {@code stopped}: its owner ended it, nothing failed. False when there is
     * no such session.
     */
    boolean finish(String id) {
        loop.assertOnLoop();
        if (current != null && current.id.equals(id)) {
            boolean sounded = sequence.noticeAudio() || current.audible;
            end(sounded ? AckStatus.FINISHED : AckStatus.STOPPED, null, null);
            return true;
        }
        return stop(id);
    }

    /** Priority of a session by id, or null. */
    Priority priorityOf(String id) {
        if (current != null && current.id.equals(id)) {
            return current.priority;
        }
        return waiting.stream().filter(s -> s.id.equals(id)).map(s -> s.priority).findFirst().orElse(null);
    }

    /** Whether a session of this priority is playing or waiting. */
    boolean has(Priority priority) {
        return (current != null && current.priority == priority)
                || waiting.stream().anyMatch(s -> s.priority == priority);
    }

    /** Ids of every session, running first. */
    List<String> sessionIds() {
        List<String> ids = new ArrayList<>();
        if (current != null) {
            ids.add(current.id);
        }
        waiting.forEach(s -> ids.add(s.id));
        return ids;
    }

    /** The waiting session that plays next, if one may start now. */
    private Session next(long now) {
        return waiting.stream()
                .filter(s -> s.notBeforeMillis <= now && !s.expired(now))
                .max(Comparator.<Session, Priority>comparing(s -> s.priority).thenComparing(s -> s.arrival))
                .orElse(null);
    }

    /** Picks what should play now and hands it to the relay sequence. */
    private void decide() {
        if (sequence.cutting()) {
            return; // the cut ends with the relays off, then decides (faded)
        }
        long now = clock.getAsLong();
        expireWaiting(now);
        Session best = next(now);
        if (best == null || current != null && best.priority.compareTo(current.priority) < 0) {
            scheduleWake(now); // nothing may start yet, or what may is lower than what plays: it waits
            return;
        }
        if (current != null) {
            preempt(current, best, now);
        }
        waiting.remove(best);
        replaceOlderEquals(best, now);
        // after best left the queue: a wake-up at its own end would race its end timer
        scheduleWake(now);
        begin(best);
    }

    /**
     * {@code running} gives way to {@code winner}: it waits to resume if it still has time, else it has ended. Its
     * {@code preempted} says what it played so far: when it never resumes, that ack was its last word.
     */
    private void preempt(Session running, Session winner, long now) {
        sequence.noticeAudio();
        cancelEnd(running);
        current = null;
        if (!running.expired(now) && winner.priority.above(running.priority)) {
            running.phase = Session.Phase.PREEMPTED;
            events.ack(running.jti, AckStatus.PREEMPTED, finalAck(running, null, null));
            waiting.add(running); // resumes when the higher one ends, if still within its time
        } else {
            running.phase = Session.Phase.ENDED;
            conclude(running);
            events.sessionEnded(running, AckStatus.PREEMPTED, finalAck(running, null, null), null, null);
        }
    }

    private void begin(Session session) {
        current = session;
        session.sinceMillis = clock.getAsLong();
        scheduleEnd(session);
        if (session.priority == Priority.EMERGENCY && session.marker != Session.Marker.OPEN) {
            // marked before the amplifier warm-up, not after: an emergency cut by a crash or power cut in those
            // seconds must still resume after the restart (its record's started is then up to a warm-up early)
            session.marker = Session.Marker.OPEN;
            events.sessionStarted(session);
        } else if (session.marker == Session.Marker.NONE) {
            // one small write more per session, so that a crash in the warm-up still leaves a record (interrupted,
            // never played) instead of nothing
            session.marker = Session.Marker.WAITING;
            events.sessionWaiting(session);
        }
        sequence.play(session);
    }

    /** The newest request of a priority replaces older ones of the same priority that were waiting. */
    private void replaceOlderEquals(Session winner, long now) {
        waiting.removeIf(s -> {
            if (s.priority != winner.priority || s.notBeforeMillis > now) {
                return false;
            }
            if (s.everOnAir) {
                Logger.info("session {} replaced while preempted; preempted was its final status", s.id);
            }
            endWaiting(s, AckStatus.PREEMPTED, s.everOnAir ? null : finalAck(s, null, null), null, null);
            return true;
        });
    }

    private void expireWaiting(long now) {
        waiting.removeIf(s -> {
            if (!s.expired(now)) {
                return false;
            }
            if (!s.everOnAir) {
                String reason = "its time ended while a higher-priority session played";
                endWaiting(s, AckStatus.FAILED, finalAck(s, RejectCode.EXPIRED, reason), RejectCode.EXPIRED.wire(),
                        reason);
            } else {
                Logger.info("session {} expired while preempted; preempted was its final status", s.id);
                endWaiting(s, AckStatus.PREEMPTED, null, null, null);
            }
            return true;
        });
    }

    /** A session that was not in the relay sequence ends at once. */
    private void endWaiting(Session s, AckStatus status, Map<String, Object> ack, String code, String reason) {
        s.phase = Session.Phase.ENDED;
        conclude(s); // one preempted earlier: what was heard of it then
        events.sessionEnded(s, status, ack, code, reason);
    }

    private void scheduleWake(long now) {
        if (wakeTimer != null) {
            wakeTimer.cancel();
            wakeTimer = null;
        }
        long next = Long.MAX_VALUE;
        for (Session s : waiting) {
            next = Math.min(next, s.notBeforeMillis > now ? s.notBeforeMillis : s.endAtMillis);
        }
        if (next != Long.MAX_VALUE) {
            wakeTimer = loop.schedule(Duration.ofMillis(Math.max(0, next - now)), this::decide);
        }
    }

    /**
     * The current session ends with a final status: the relay sequence fades it out, and its status is told once
     * that is done ({@link #left}); what waits may take its place at once.
     */
    private void end(AckStatus status, RejectCode code, String reason) {
        Session ended = current;
        sequence.noticeAudio(); // audio come since the last look: started goes out before the final status
        current = null;
        cancelEnd(ended);
        ended.phase = Session.Phase.ENDED;
        ended.finalStatus = truthful(ended, status, code, reason);
        sequence.end();
        decide();
    }

    /**
     * The status a session ending now with {@code status} really has: {@code finished} only when some of its audio
     * reached the output; without any it has failed, with its source's last problem, whatever its duration said.
     */
    private Session.FinalStatus truthful(Session s, AckStatus status, RejectCode code, String reason) {
        if (status != AckStatus.FINISHED || s.audible) {
            return new Session.FinalStatus(status, code, reason);
        }
        Silence why = s.sound == null ? null : s.sound.silence();
        // zones that opened just as its time ended (the relays' minimum interval after the session before) gave
        // the output no period to play it in: as much the sequence's doing as zones that never opened
        if (!s.voiced || (why == null && clock.getAsLong() - s.voicedAtMillis < OUTPUT_GRACE.toMillis())) {
            // the station's own sequence kept it off the air, whatever its source was doing meanwhile
            return new Session.FinalStatus(AckStatus.FAILED, RejectCode.EXPIRED, "its time ended before its audio "
                    + "could start (the amplifier's warm-up, the relays' minimum interval)"
                    + (why == null ? "" : "; its source: " + why.reason()));
        }
        if (why != null) {
            return new Session.FinalStatus(AckStatus.FAILED, why.code(), "no audio reached the output: "
                    + why.reason());
        }
        return new Session.FinalStatus(AckStatus.FAILED, RejectCode.INTERNAL, "no audio reached the output: the "
                + "audio output did not play it (see the status line's audio)");
    }

    /** Its time ends {@code finished}, or {@code failed} when no audio came ({@link #truthful}). */
    private void scheduleEnd(Session session) {
        if (session.endAtMillis == Long.MAX_VALUE) {
            return;
        }
        long now = clock.getAsLong();
        session.endTimer = loop.schedule(Duration.ofMillis(Math.max(0, session.endAtMillis - now)), () -> {
            if (current == session) {
                end(AckStatus.FINISHED, null, null);
            }
        });
    }

    /** The members of a session's final ack (and of its {@code preempted}): what it sent to the output. */
    private Map<String, Object> finalAck(Session s, RejectCode code, String reason) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("session", s.id);
        if (code != null) {
            extra.put("code", code.wire());
            extra.put("reason", reason);
        }
        extra.put("audio_s", Played.seconds(s.audioMillis()));
        if (s.drops() > 0) {
            extra.put("drops", s.drops());
        }
        Heard heard = heardOf(s);
        if (heard != null) {
            extra.put("heard", heard.toJson());
        }
        return extra;
    }

    @Override
    public void voiced(Session session) {
        session.voicedAtMillis = clock.getAsLong();
    }

    @Override
    public void onAir(Session session) {
        long now = clock.getAsLong();
        boolean resumed = session.everOnAir;
        session.everOnAir = true;
        session.audible = true;
        if (session.firstAudioMillis == null) {
            session.firstAudioMillis = now;
        }
        session.sinceMillis = now;
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("session", session.id);
        if (resumed) {
            extra.put("resumed", true);
        }
        events.ack(session.jti, AckStatus.STARTED, extra);
        listen(session);
        if (!resumed && session.marker != Session.Marker.OPEN) {
            session.marker = Session.Marker.OPEN;
            events.sessionStarted(session);
        }
        events.changed();
    }

    @Override
    public void left(Session session) {
        Session.FinalStatus done = session.finalStatus;
        if (done == null) {
            if (hearing != null && session.listening != null) {
                hearing.pause(session.listening);
            }
            return; // preempted (it waits to resume) or replaced (its final ack went already)
        }
        conclude(session);
        events.sessionEnded(session, done.status(), finalAck(session, done.code(), done.reason()),
                done.code() == null ? null : done.code().wire(), done.reason());
    }

    /** The session is on air: the sense input's comparison with its programme starts, or goes on after a preemption. */
    private void listen(Session session) {
        if (hearing == null) {
            return;
        }
        if (session.listening == null) {
            session.listening = hearing.listen();
        } else {
            hearing.resume(session.listening);
        }
    }

    /** The session has ended: what was heard of it is settled ({@link Session#heard}; stays null if never on air). */
    private void conclude(Session session) {
        if (hearing != null && session.listening != null && session.heard == null) {
            session.heard = hearing.conclude(session.listening);
        }
    }

    /** The sense input was connected to nothing while {@code session} was on air: what it heard is no verdict. */
    boolean unconnectedSense(Session session) {
        return hearing != null && session.listening != null && hearing.unconnected(session.listening);
    }

    /**
     * What the sense input heard of the session, when the station has one and the session went on air: its settled
     * figures once it ended, else what was heard so far (a {@code preempted}); null otherwise.
     */
    private Heard heardOf(Session session) {
        if (hearing == null || session.listening == null) {
            return null;
        }
        return session.heard != null ? session.heard : hearing.sofar(session.listening);
    }

    @Override
    public void faded() {
        decide();
    }

    @Override
    public void changed() {
        events.changed();
    }

    @Override
    public void quiet() {
        events.quiet();
    }

    /** The next session due: a waiting one's start_at, or the schedule's next item (requested only at its time). */
    @Override
    public Duration nextDue() {
        long now = clock.getAsLong();
        long next = waiting.stream().mapToLong(s -> s.notBeforeMillis).filter(at -> at > now).min()
                .orElse(Long.MAX_VALUE);
        Long item = upcoming.get();
        if (item != null && item >= now) {
            next = Math.min(next, item);
        }
        return next == Long.MAX_VALUE ? null : Duration.ofMillis(next - now);
    }

    /**
     * The safety net (relay.max_on_s): whatever plays, emergencies included (an emergency on for hours is a stuck
     * source or a forgotten live feed, and central can send it again), ends {@code failed}/{@code expired} through
     * the normal sequence, and the amplifier goes off without its idle hold. What waits may start afterwards.
     */
    private void relayOnTooLong(String channel, Duration on) {
        if (sequence.cutting()) {
            return;
        }
        String reason = "relay " + channel + " was on for " + on.toMinutes() + " min without a break, the maximum "
                + "continuous on-time (relay.max_on_s): switched off as a safety measure";
        if (current != null) {
            Logger.warn("session {} ended: {}", current.id, reason);
            sequence.noticeAudio();
            Session ended = current;
            current = null;
            cancelEnd(ended);
            ended.phase = Session.Phase.ENDED;
            ended.finalStatus = new Session.FinalStatus(AckStatus.FAILED, RejectCode.EXPIRED, reason);
        } else {
            Logger.warn("no session playing: {}", reason);
        }
        sequence.cut();
    }

    private void cancelEnd(Session session) {
        if (session.endTimer != null) {
            session.endTimer.cancel();
            session.endTimer = null;
        }
    }

    /** The sound's news, handed to the control loop; stale news (the session moved on) is dropped there. */
    private SoundEvents soundEvents(Session session) {
        return new SoundEvents() {
            @Override
            public void ended() {
                loop.post(() -> {
                    if (current != session) {
                        return;
                    }
                    if (sequence.noticeAudio() || session.audible) {
                        end(AckStatus.FINISHED, null, null);
                    } else {
                        end(AckStatus.FAILED, RejectCode.DECODE_ERROR, "the source ended without any audio ("
                                + session.sound.location() + ")");
                    }
                });
            }

            @Override
            public void failed(RejectCode code, String reason) {
                loop.post(() -> {
                    if (current == session) {
                        Logger.warn("session {} failed: {}", session.id, reason);
                        end(AckStatus.FAILED, code, reason);
                    }
                });
            }
        };
    }

    /**
     * A technician switching one relay by hand (console): refused while a session plays, so a test never cuts a
     * broadcast. {@code pulse} non-null switches it back after that time, unless a session has taken over. Returns
     * null when done, else why not.
     */
    String manual(String channel, boolean on, Duration pulse) {
        loop.assertOnLoop();
        if (!relays.channels().contains(channel)) {
            return "no relay '" + channel + "'; this station has " + String.join(", ", relays.channels());
        }
        if (!sequence.manual(channel, on)) {
            return current != null ? "session " + current.id + " (" + current.priority.wire() + ") is playing and "
                    + "owns the relays; 'stop' it first" : "a session is ending and still owns the relays; try again";
        }
        ControlLoop.Timer previous = manualTimers.remove(channel);
        if (previous != null) {
            previous.cancel(); // an earlier pulse must not undo this newer wish
        }
        if (pulse != null) {
            manualTimers.put(channel, loop.schedule(relays.settleDelay(channel).plus(pulse), () -> {
                manualTimers.remove(channel);
                sequence.manual(channel, !on); // refused when a session has taken over the relays meanwhile
            }));
        }
        return null;
    }

    /** The running sound's health for the status line, or empty; any thread. */
    String soundHealth() {
        Sound sound = sequence.soundOnAir();
        return sound == null ? "" : sound.health();
    }

    /** The running stream's title, or null. */
    String title() {
        return current == null || current.sound == null ? null : current.sound.title();
    }

    /** Where the running session's audio comes from, or null. */
    String location() {
        return current == null || current.sound == null ? null : current.sound.location();
    }

    private float gain(Session session) {
        int level = session.priority == Priority.EMERGENCY ? settings.emergencyVolume()
                : session.volume != null ? session.volume : volume;
        return VolumeCurve.gain(level);
    }

    /** Relay states for the state report: amp, then zones in order. */
    Map<String, Object> relayState() {
        return sequence.relayState();
    }

    /** Stops everything at shutdown: the relays are switched off by the hardware's close. */
    void shutdown() {
        sequence.shutdown();
    }
}
