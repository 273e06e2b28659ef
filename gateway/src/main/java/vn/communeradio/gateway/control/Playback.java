package vn.communeradio.gateway.control;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.tinylog.Logger;
import vn.communeradio.gateway.audio.Mixer;
import vn.communeradio.gateway.audio.VolumeCurve;
import vn.communeradio.gateway.command.AckStatus;
import vn.communeradio.gateway.command.Priority;
import vn.communeradio.gateway.command.RejectCode;
import vn.communeradio.gateway.playback.Sound;
import vn.communeradio.gateway.playback.SoundEvents;
import vn.communeradio.gateway.playback.SoundRequest;
import vn.communeradio.gateway.playback.Sounds;
import vn.communeradio.hal.gpio.RelayOutputs;

/**
 * Sessions, priorities and the relay sequence (PROTOCOL.md "Priority", "Relays and the amplifier"). Runs on
 * the control loop only. Start: amp on, warm-up, zones on, fade in. End: fade out, zones off, final ack, amp off
 * after the idle hold. A higher priority preempts at once; an equal one replaces; a lower one waits.
 */
final class Playback {

    /** Time for the mixer's fade to reach silence before relays move (the ramp is ~10 ms). */
    static final Duration FADE = Duration.ofMillis(25);

    /**
     * A preempted file resumes this much before where it was cut: the listener hears the interrupted words again
     * and gets the thread back, instead of landing in the middle of a sentence.
     */
    static final Duration RESUME_OVERLAP = Duration.ofSeconds(1);

    /** Session acks and state changes go here. */
    interface Events {
        void ack(String jti, AckStatus status, Map<String, Object> extra);

        void changed();

        /** A session played for the first time (not on a resume): the journal marks it open. */
        default void sessionStarted(Session session) {
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

    record Settings(Duration warmup, Duration idleHold, int emergencyVolume) {
    }

    private final ControlLoop loop;
    private final RelayGuard relays;
    private final Mixer mixer;
    private final Sounds sounds;
    private final Settings settings;
    private final Events events;
    private final LongSupplier clock;
    private final List<Session> waiting = new ArrayList<>();
    private Session current;
    private boolean zonesOpen;
    private ControlLoop.Timer warmupTimer;
    private ControlLoop.Timer ampOffTimer;
    private ControlLoop.Timer wakeTimer;
    private final Map<String, ControlLoop.Timer> manualTimers = new java.util.HashMap<>();
    private long arrivals;
    private int volume;
    /** A relay reached its maximum on-time: the amplifier goes off at the end of this end sequence, no hold. */
    private boolean cutForSafety;

    Playback(ControlLoop loop, RelayGuard relays, Mixer mixer, Sounds sounds, Settings settings, Events events,
             LongSupplier clockMillis, int volume) {
        this.loop = loop;
        this.relays = relays;
        this.mixer = mixer;
        this.sounds = sounds;
        this.settings = settings;
        this.events = events;
        this.clock = clockMillis;
        this.volume = volume;
        relays.whenOnTooLong(this::relayOnTooLong);
    }

    /**
     * The safety net (relay.max_on_s): whatever plays, emergencies included (an emergency on for hours is a stuck
     * source or a forgotten live feed, and central can send it again), ends {@code failed}/{@code expired} through
     * the normal sequence, and the amplifier goes off without its idle hold. What waits may start afterwards.
     */
    private void relayOnTooLong(String channel, Duration on) {
        if (cutForSafety) {
            return;
        }
        String reason = "relay " + channel + " was on for " + on.toMinutes() + " min without a break, the maximum "
                + "continuous on-time (relay.max_on_s): switched off as a safety measure";
        cutForSafety = true;
        if (current != null) {
            Logger.warn("session {} ended: {}", current.id, reason);
            end(AckStatus.FAILED, RejectCode.EXPIRED, reason);
        } else {
            Logger.warn("no session playing: {}", reason);
            mixer.fadeOut();
            loop.schedule(FADE, () -> {
                cutForSafety = false;
                if (current == null) {
                    switchOffForSafety();
                }
                decide();
            });
        }
    }

    /** Zones off, then the amplifier at once: the end of a cut by the maximum on-time. */
    private void switchOffForSafety() {
        closeZones();
        if (ampOffTimer != null) {
            ampOffTimer.cancel();
            ampOffTimer = null;
        }
        relays.set(RelayOutputs.AMP, false);
        events.changed();
    }

    int zoneCount() {
        return relays.channels().size() - 1;
    }

    Session current() {
        return current;
    }

    int volume() {
        return volume;
    }

    void setVolume(int level) {
        volume = level;
        if (current != null && zonesOpen) {
            mixer.setGain(gain(current));
        }
    }

    /** Queues a new session and decides at once what plays. */
    void request(String jti, String id, Priority priority, SoundRequest source, List<Integer> zones, Integer volumeLevel,
                 Long startAtSeconds, Long durationSeconds) {
        long now = clock.getAsLong();
        long notBefore = startAtSeconds == null ? now : Math.max(now, startAtSeconds * 1000);
        Session session = new Session(jti, id, priority, source, zones, volumeLevel, notBefore,
                durationSeconds == null ? null : durationSeconds * 1000, arrivals++);
        // a new request with the id of a waiting or running session takes its place
        waiting.removeIf(s -> {
            if (s.id.equals(id)) {
                events.sessionEnded(s, AckStatus.PREEMPTED, Map.of("session", s.id), null, null);
                return true;
            }
            return false;
        });
        waiting.add(session);
        decide();
        if (waiting.contains(session)) {
            session.waitingMarked = true;
            events.sessionWaiting(session);
        }
    }

    /**
     * Plays again, after a restart, a session that was on when the service stopped (PROTOCOL.md: an emergency
     * still within its time). It counts as resumed: {@code started} carries {@code resumed:true}, and the
     * journal keeps the marker it already has.
     */
    void resume(String jti, String id, Priority priority, SoundRequest source, List<Integer> zones,
                Integer volumeLevel, Long endAtMillis) {
        long now = clock.getAsLong();
        Session session = new Session(jti, id, priority, source, zones, volumeLevel, now,
                endAtMillis == null ? null : Math.max(0, endAtMillis - now), arrivals++);
        session.everStarted = true;
        waiting.add(session);
        decide();
    }

    /** Ends a session by id; false when there is no such session. */
    boolean stop(String id) {
        if (current != null && current.id.equals(id)) {
            end(AckStatus.STOPPED, null, null);
            return true;
        }
        for (Session s : waiting) {
            if (s.id.equals(id)) {
                waiting.remove(s);
                events.sessionEnded(s, AckStatus.STOPPED, Map.of("session", s.id), null, null);
                events.changed();
                return true;
            }
        }
        return false;
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

    /** Picks what should play now and moves there. */
    /** The waiting session that plays next, if one may start now. */
    private Session next(long now) {
        return waiting.stream()
                .filter(s -> s.notBeforeMillis <= now && !s.expired(now))
                .max(Comparator.<Session, Priority>comparing(s -> s.priority).thenComparing(s -> s.arrival))
                .orElse(null);
    }

    private void decide() {
        if (cutForSafety) {
            return; // the cut's end sequence decides when the relays are off
        }
        long now = clock.getAsLong();
        expireWaiting(now);
        Session best = next(now);
        if (best == null) {
            scheduleWake(now);
            if (current == null) {
                idle();
            }
            return;
        }
        if (current != null) {
            if (best.priority.compareTo(current.priority) < 0) {
                scheduleWake(now);
                return; // lower waits
            }
            Session preempted = current;
            boolean keepsTime = !preempted.expired(now) && best.priority.above(preempted.priority);
            cancelEnd(preempted);
            if (preempted.sound != null) {
                // never behind where this run began: a session preempted again before it played a second
                preempted.resumeFromMillis = Math.max(preempted.resumeFromMillis,
                        preempted.sound.positionMillis() - RESUME_OVERLAP.toMillis());
            }
            releaseSound(preempted);
            if (keepsTime) {
                events.ack(preempted.jti, AckStatus.PREEMPTED, Map.of("session", preempted.id));
                waiting.add(preempted); // resumes when the higher one ends, if still within its time
            } else {
                events.sessionEnded(preempted, AckStatus.PREEMPTED, Map.of("session", preempted.id), null, null);
            }
            current = null;
        }
        waiting.remove(best);
        replaceOlderEquals(best, now);
        // after best left the queue: a wake-up at its own end would race its end timer and could resume the
        // preempted session before the end sequence closed the zones
        scheduleWake(now);
        begin(best);
    }

    /** The newest request of a priority replaces older ones of the same priority that were waiting. */
    private void replaceOlderEquals(Session winner, long now) {
        waiting.removeIf(s -> {
            if (s.priority != winner.priority || s.notBeforeMillis > now) {
                return false;
            }
            if (s.everStarted) {
                Logger.info("session {} replaced while preempted; preempted was its final status", s.id);
            }
            events.sessionEnded(s, AckStatus.PREEMPTED, s.everStarted ? null : Map.of("session", s.id), null, null);
            return true;
        });
    }

    private void expireWaiting(long now) {
        waiting.removeIf(s -> {
            if (!s.expired(now)) {
                return false;
            }
            if (!s.everStarted) {
                Map<String, Object> extra = new LinkedHashMap<>();
                extra.put("session", s.id);
                extra.put("code", "expired");
                extra.put("reason", "its time ended while a higher-priority session played");
                events.sessionEnded(s, AckStatus.FAILED, extra, "expired", (String) extra.get("reason"));
            } else {
                Logger.info("session {} expired while preempted; preempted was its final status", s.id);
                events.sessionEnded(s, AckStatus.PREEMPTED, null, null, null);
            }
            return true;
        });
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

    private void begin(Session session) {
        current = session;
        session.sinceMillis = clock.getAsLong();
        if (session.priority == Priority.EMERGENCY && !session.everStarted && !session.marked) {
            // marked before the amplifier warm-up, not after: an emergency cut by a crash or power cut in those
            // seconds must still resume after the restart (its record's started is then up to a warm-up early)
            session.marked = true;
            events.sessionStarted(session);
        } else if (!session.everStarted && !session.marked && !session.waitingMarked) {
            // one small write more per session, so that a crash in the warm-up still leaves a record (interrupted,
            // never played) instead of nothing
            session.waitingMarked = true;
            events.sessionWaiting(session);
        }
        // the source starts now, so its buffer fills while the amplifier warms up
        session.sound = sounds.open(session.id, session.source, soundEvents(session), session.resumeFromMillis);
        if (ampOffTimer != null) {
            ampOffTimer.cancel();
            ampOffTimer = null;
        }
        if (zonesOpen) {
            mixer.fadeOut();
            loop.schedule(FADE, () -> openZones(session));
        } else if (relays.isOn(RelayOutputs.AMP)) {
            openZones(session);
        } else {
            relays.set(RelayOutputs.AMP, true);
            events.changed();
            // the warm-up counts from the moment the contact closes, which the minimum interval may delay
            warmupTimer = loop.schedule(relays.settleDelay(RelayOutputs.AMP).plus(settings.warmup()),
                    () -> openZones(session));
        }
    }

    private void openZones(Session session) {
        warmupTimer = null;
        if (current != session) {
            return;
        }
        List<Integer> zones = session.priority == Priority.EMERGENCY || session.zones.isEmpty()
                ? allZones() : session.zones;
        Duration settle = Duration.ZERO;
        for (int z = 1; z <= zoneCount(); z++) {
            relays.set(RelayOutputs.zone(z), zones.contains(z));
            Duration d = relays.settleDelay(RelayOutputs.zone(z));
            settle = d.compareTo(settle) > 0 ? d : settle;
        }
        zonesOpen = true;
        if (settle.isZero()) {
            startAudio(session);
        } else {
            // a zone switched less than the minimum interval ago: audio starts when its contact has followed
            loop.schedule(settle, () -> {
                if (current == session) {
                    startAudio(session);
                }
            });
        }
    }

    private void startAudio(Session session) {
        mixer.play(session.sound.voice(), gain(session));
        long now = clock.getAsLong();
        boolean resumed = session.everStarted;
        session.everStarted = true;
        session.sinceMillis = now;
        if (session.durationMillis != null && session.endAtMillis != Long.MAX_VALUE) {
            session.endTimer = loop.schedule(Duration.ofMillis(Math.max(0, session.endAtMillis - now)),
                    () -> {
                        if (current == session) {
                            end(AckStatus.FINISHED, null, null);
                        }
                    });
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("session", session.id);
        if (resumed) {
            extra.put("resumed", true);
        }
        events.ack(session.jti, AckStatus.STARTED, extra);
        if (!resumed && !session.marked) {
            session.marked = true;
            events.sessionStarted(session);
        } else if (!session.everStarted && !session.marked && !session.waitingMarked) {
            // one small write more per session, so that a crash in the warm-up still leaves a record (interrupted,
            // never played) instead of nothing
            session.waitingMarked = true;
            events.sessionWaiting(session);
        }
        events.changed();
    }

    /** Ends the running session with a final status, then moves on to what waits, or towards idle. */
    private void end(AckStatus status, RejectCode code, String reason) {
        Session ended = current;
        current = null;
        cancelEnd(ended);
        releaseSound(ended);
        if (warmupTimer != null) {
            warmupTimer.cancel();
            warmupTimer = null;
        }
        mixer.fadeOut();
        loop.schedule(FADE, () -> {
            // a session that follows at once (a bulletin resuming after an emergency) keeps the zones closed:
            // opened again, each would wait out its minimum off-time, a second of silence and two clicks
            if (current == null && (cutForSafety || next(clock.getAsLong()) == null)) {
                closeZones();
            }
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("session", ended.id);
            if (code != null) {
                extra.put("code", code.wire());
                extra.put("reason", reason);
            }
            events.sessionEnded(ended, status, extra, code == null ? null : code.wire(), reason);
            if (cutForSafety) {
                cutForSafety = false;
                if (current == null) {
                    switchOffForSafety();
                }
            }
            events.changed();
            decide();
        });
    }

    private void closeZones() {
        mixer.clear();
        for (int z = 1; z <= zoneCount(); z++) {
            relays.set(RelayOutputs.zone(z), false);
        }
        zonesOpen = false;
    }

    private void idle() {
        if (zonesOpen) {
            closeZones();
            events.changed();
        }
        if (relays.isOn(RelayOutputs.AMP) && ampOffTimer == null) {
            ampOffTimer = loop.schedule(settings.idleHold(), () -> {
                ampOffTimer = null;
                if (current == null) {
                    relays.set(RelayOutputs.AMP, false);
                    events.changed();
                }
            });
        }
    }

    private void cancelEnd(Session session) {
        if (session.endTimer != null) {
            session.endTimer.cancel();
            session.endTimer = null;
        }
    }

    private List<Integer> allZones() {
        List<Integer> zones = new ArrayList<>();
        for (int z = 1; z <= zoneCount(); z++) {
            zones.add(z);
        }
        return zones;
    }

    /** The sound's news, handed to the control loop; stale news (the session moved on) is dropped there. */
    private SoundEvents soundEvents(Session session) {
        return new SoundEvents() {
            @Override
            public void ended() {
                loop.post(() -> {
                    if (current == session) {
                        end(AckStatus.FINISHED, null, null);
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

    /** Stops the session's source once the mixer's fade has silenced it. */
    private void releaseSound(Session session) {
        Sound sound = session.sound;
        session.sound = null;
        if (sound != null) {
            loop.schedule(FADE, sound::close);
        }
    }

    /**
     * A technician switching one relay by hand (console): refused while a session plays, so a test never cuts a
     * broadcast. {@code pulse} non-null switches it back after that time, unless a session has taken over. Returns
     * null when done, else why not.
     */
    String manual(String channel, boolean on, Duration pulse) {
        if (!relays.channels().contains(channel)) {
            return "no relay '" + channel + "'; this station has " + String.join(", ", relays.channels());
        }
        if (current != null) {
            return "session " + current.id + " (" + current.priority.wire() + ") is playing and owns the relays; "
                    + "'stop' it first";
        }
        if (channel.equals(RelayOutputs.AMP) && ampOffTimer != null) {
            ampOffTimer.cancel(); // the technician's wish wins over the idle hold
            ampOffTimer = null;
        }
        ControlLoop.Timer previous = manualTimers.remove(channel);
        if (previous != null) {
            previous.cancel(); // an earlier pulse must not undo this newer wish
        }
        relays.set(channel, on);
        events.changed();
        if (pulse != null) {
            manualTimers.put(channel, loop.schedule(relays.settleDelay(channel).plus(pulse), () -> {
                manualTimers.remove(channel);
                if (current == null) {
                    relays.set(channel, !on);
                    events.changed();
                }
            }));
        }
        return null;
    }

    /** How long after a switching of {@code channel} before it may switch again (relay.min_interval_ms). */
    Duration settleDelay(String channel) {
        return relays.settleDelay(channel);
    }

    /** The running sound's health for the status line, or empty. */
    String soundHealth() {
        return current == null || current.sound == null ? "" : current.sound.health();
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
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("amp", relays.isOn(RelayOutputs.AMP));
        List<Boolean> zones = new ArrayList<>();
        for (int z = 1; z <= zoneCount(); z++) {
            zones.add(relays.isOn(RelayOutputs.zone(z)));
        }
        state.put("zones", zones);
        return state;
    }

    /** Stops everything at shutdown: the relays are switched off by the hardware's close. */
    void shutdown() {
        mixer.clear();
        if (current != null && current.sound != null) {
            current.sound.close();
        }
    }
}
