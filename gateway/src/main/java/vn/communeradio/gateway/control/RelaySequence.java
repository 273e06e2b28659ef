package vn.communeradio.gateway.control;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tinylog.Logger;
import vn.communeradio.gateway.audio.Mixer;
import vn.communeradio.gateway.playback.Sound;
import vn.communeradio.hal.gpio.RelayOutputs;

/**
 * The relay and audio sequence around the session on air (PROTOCOL.md "Relays and the amplifier") as explicit
 * stages. {@link Playback} decides which session plays; this moves the amplifier, the zones, the mixer and the
 * session's sound to take it on air and away again. One stage at a time, each with at most one timer:
 *
 * <pre>
 * stage           amp  zones     audio    next, on
 * IDLE            off  off       none     play: WARMING_UP
 * WARMING_UP      on   off       none     warm-up over: OPENING      play: the warm-up goes on for the new one
 * OPENING         on   switching none     contacts settled: AWAITING_AUDIO     play: zones set again for the new one
 * AWAITING_AUDIO  on   on        mixer    its voice's first programme audio: ON_AIR (started)
 *                                plays it play, end, cut: FADING
 * ON_AIR          on   on        playing  play, end, cut: FADING
 * FADING          on   on        fading   fade over: OPENING (WARMING_UP while not yet warm) for what follows, the
 *                                         zones left on; HOLDING when nothing follows (zones off); IDLE after a
 *                                         cut (zones and amplifier off at once)          play: it follows
 * HOLDING         on   off       none     idle hold over: IDLE (held on while a session is due sooner than the
 *                                         amplifier could be on and warm again)   play: OPENING (WARMING_UP while
 *                                         not yet warm)
 * </pre>
 *
 * An end or a cut (relay.max_on_s) in any stage leads through FADING; during a cut nothing may play. A session is
 * on air, and gets {@code started}, when its audio has reached the output ({@link Owner#onAir}): the mixer plays
 * its voice from AWAITING_AUDIO on, and the voice counts the programme frames the audio callback took from it (a
 * volatile counter: the callback cannot post); this stage reads that counter every {@link #AUDIO_CHECK}, and
 * {@link #noticeAudio} reads it at once before a session's status changes. A source that never delivers keeps
 * its session in AWAITING_AUDIO, relays on, until the session ends (failed: {@link Playback}). Control loop only.
 */
final class RelaySequence {

    /** Where the sequence is; see the table above. */
    enum Stage {
        IDLE, WARMING_UP, OPENING, AWAITING_AUDIO, ON_AIR, FADING, HOLDING;

        /** The transitions the table allows, and nothing else. */
        boolean canMoveTo(Stage next) {
            return switch (this) {
                case IDLE -> EnumSet.of(WARMING_UP, OPENING, FADING).contains(next);
                case WARMING_UP -> EnumSet.of(OPENING, FADING).contains(next);
                case OPENING -> EnumSet.of(AWAITING_AUDIO, FADING).contains(next);
                case AWAITING_AUDIO -> EnumSet.of(ON_AIR, FADING).contains(next);
                case ON_AIR -> next == FADING;
                case FADING -> EnumSet.of(OPENING, WARMING_UP, HOLDING, IDLE).contains(next);
                case HOLDING -> EnumSet.of(IDLE, OPENING, WARMING_UP, FADING).contains(next);
            };
        }
    }

    /** Time for the mixer's fade to reach silence before relays move (the ramp is ~10 ms). */
    static final Duration FADE = Duration.ofMillis(25);
    /**
     * How often AWAITING_AUDIO looks whether the voice has sent audio: {@code started} leaves at most this late
     * (a JACK period is 5 ms here), for a hundred cheap reads a second only while a session waits for its source.
     */
    static final Duration AUDIO_CHECK = Duration.ofMillis(10);
    /**
     * A preempted file resumes this much before where it was cut: the listener hears the interrupted words again
     * and gets the thread back, instead of landing in the middle of a sentence.
     */
    static final Duration RESUME_OVERLAP = Duration.ofSeconds(1);

    /** What the sequence tells the one who decides what plays. */
    interface Owner {
        /** {@code session}'s audio reached the output (its first programme frames since the mixer took it). */
        void onAir(Session session);

        /** {@code session}'s audio has faded out and its sound is closed (zones off first when nothing follows). */
        void left(Session session);

        /** A fade is over and nothing is being cut: what waits may be decided. */
        void faded();

        /** Relays changed: the published state is due. */
        void changed();

        /** The zones are on and the mixer took {@code session}'s voice (its audio may come from now on). */
        void voiced(Session session);

        /** How long until the next waiting session is due to start; null when none waits for a time. */
        Duration nextDue();

        /** The amplifier went off after its idle hold: until a session comes, a pause is heard by nobody. */
        void quiet();
    }

    /** Opens a session's sound, its news bound to the session. */
    interface SoundOpener {
        Sound open(Session session);
    }

    /** How loud a session plays (0..1): its own volume, the station's, or the emergency volume. */
    interface Gain {
        float of(Session session);
    }

    private final ControlLoop loop;
    private final RelayGuard relays;
    private final Mixer mixer;
    private final SoundOpener sounds;
    private final Gain gain;
    private final Duration warmup;
    private final Duration idleHold;
    private Owner owner;
    private Stage stage = Stage.IDLE;
    private ControlLoop.Timer timer;
    /** The session this sequence takes (or holds) on air; null when nothing is to play. */
    private Session target;
    /** Sessions whose audio fades out now; their sounds close when the fade is over. */
    private final List<Session> leaving = new ArrayList<>();
    private boolean cutting;
    /** The sound on air, for status on other threads (its health and title read only what it publishes). */
    private volatile Sound onAir;

    RelaySequence(ControlLoop loop, RelayGuard relays, Mixer mixer, SoundOpener sounds, Gain gain, Duration warmup,
                  Duration idleHold) {
        this.loop = loop;
        this.relays = relays;
        this.mixer = mixer;
        this.sounds = sounds;
        this.gain = gain;
        this.warmup = warmup;
        this.idleHold = idleHold;
    }

    void owner(Owner who) {
        owner = who;
    }

    Stage stage() {
        return stage;
    }

    /** The session taken (or held) on air, or null. */
    Session target() {
        return target;
    }

    /** True from a cut until the relays are off: nothing may be played meanwhile. */
    boolean cutting() {
        return cutting;
    }

    /** The sound on air now, or null; any thread. */
    Sound soundOnAir() {
        return onAir;
    }

    /**
     * Takes {@code session} on air, from wherever the sequence is; whatever was the target leaves (faded out first
     * if it was heard). Not during a cut.
     */
    void play(Session session) {
        if (cutting) {
            throw new IllegalStateException("session " + session.id + " asked to play during a safety cut");
        }
        Session previous = target;
        target = session;
        session.phase = Session.Phase.STARTING;
        if (leaving.remove(session)) {
            // back before its fade was over (what preempted it was stopped at once): that sound is spent, and a
            // new one starts where it left off
            release(session);
        }
        if (session.sound == null) {
            // opened now, so that its buffer fills while the amplifier warms up or the previous one fades
            session.opened(sounds.open(session));
        }
        if (previous != null) {
            leave(previous);
        }
        switch (stage) {
            case IDLE, HOLDING -> openFor(session);
            case WARMING_UP -> closeNow(previous); // the warm-up goes on, for the new one
            case OPENING -> {
                closeNow(previous);
                openZones(session);
            }
            case AWAITING_AUDIO, ON_AIR -> fadeOut();
            case FADING -> {
                // it follows once the fade is over
            }
        }
    }

    /** The target leaves and nothing replaces it (yet): fade out, then zones off unless something follows. */
    void end() {
        if (target != null) {
            leave(target);
            target = null;
        }
        if (stage != Stage.IDLE && stage != Stage.HOLDING) {
            fadeOut();
        }
    }

    /**
     * The maximum on-time was reached: whatever is on air leaves, and once it has faded the zones and the
     * amplifier go off at once (no idle hold); nothing plays until then.
     */
    void cut() {
        cutting = true;
        if (target != null) {
            leave(target);
            target = null;
        }
        fadeOut();
    }

    private void leave(Session session) {
        session.soundLeft();
        if (session.sound != null) {
            // never behind where this run began: a session preempted again before it played a second
            session.resumeFromMillis = Math.max(session.resumeFromMillis,
                    session.sound.positionMillis() - RESUME_OVERLAP.toMillis());
        }
        if (onAir != null && onAir == session.sound) {
            onAir = null;
        }
        leaving.add(session);
    }

    /** Closes at once what leaves before it was heard (no fade needed), and tells the owner. */
    private void closeNow(Session previous) {
        if (previous != null && leaving.remove(previous)) {
            release(previous);
        }
    }

    private void fadeOut() {
        if (stage == Stage.FADING) {
            return; // the fade under way serves
        }
        mixer.fadeOut();
        moveTo(Stage.FADING);
        timer = loop.schedule(FADE, this::fadeOver);
    }

    /** Zones off before the final acks, the amplifier after them (at once after a cut, else after the hold). */
    private void fadeOver() {
        timer = null;
        mixer.clear();
        List<Session> gone = new ArrayList<>(leaving);
        leaving.clear();
        if (cutting) {
            zonesOff();
            gone.forEach(this::release);
            cutting = false;
            relays.set(RelayOutputs.AMP, false);
            moveTo(Stage.IDLE);
        } else if (target != null) {
            gone.forEach(this::release);
            // what follows keeps the zones on as they are: opened again, each would wait out its minimum off-time,
            // a second of silence and two clicks
            openFor(target);
        } else {
            zonesOff();
            moveTo(Stage.HOLDING);
            timer = loop.schedule(idleHold, this::holdOver);
            gone.forEach(this::release);
        }
        owner.changed();
        owner.faded();
    }

    private void release(Session session) {
        session.soundLeft();
        Sound sound = session.sound;
        session.sound = null;
        if (sound != null) {
            sound.close();
        }
        owner.left(session);
    }

    private void holdOver() {
        timer = null;
        Duration due = owner.nextDue();
        if (due != null && due.compareTo(relays.minInterval().plus(warmup)) < 0) {
            // switched off now, the amplifier could be on and warm again only after the minimum interval and its
            // warm-up: a session due sooner would lose that much of its time (a short announcement all of it). The
            // hold goes on until a little after it is due; by then it has taken the amplifier, or it is gone
            timer = loop.schedule(due.plus(FADE), this::holdOver);
            return;
        }
        relays.set(RelayOutputs.AMP, false);
        moveTo(Stage.IDLE);
        owner.changed();
        owner.quiet();
    }

    /** Amplifier on (or kept on), then the zones once it is warm. */
    private void openFor(Session session) {
        boolean switchedOn = !relays.isOn(RelayOutputs.AMP);
        if (switchedOn) {
            relays.set(RelayOutputs.AMP, true);
        }
        Duration left = warmUpLeft();
        if (left.isZero()) {
            openZones(session);
        } else {
            moveTo(Stage.WARMING_UP);
            timer = loop.schedule(left, this::warmedUp);
        }
        if (switchedOn) {
            owner.changed();
        }
    }

    /**
     * How long until the amplifier is warm: its warm-up counted from when its contact closed, which the minimum
     * interval may delay.
     */
    private Duration warmUpLeft() {
        Duration settle = relays.settleDelay(RelayOutputs.AMP);
        if (!settle.isZero()) {
            return settle.plus(warmup);
        }
        Duration left = warmup.minus(relays.onFor(RelayOutputs.AMP));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private void warmedUp() {
        timer = null;
        openZones(target);
    }

    private void openZones(Session session) {
        cancelTimer();
        List<Integer> zones = session.playsOn(zoneCount());
        Duration settle = Duration.ZERO;
        for (int z = 1; z <= zoneCount(); z++) {
            relays.set(RelayOutputs.zone(z), zones.contains(z));
            Duration d = relays.settleDelay(RelayOutputs.zone(z));
            settle = d.compareTo(settle) > 0 ? d : settle;
        }
        moveTo(Stage.OPENING);
        if (settle.isZero()) {
            cue();
        } else {
            // a zone switched less than the minimum interval ago: audio starts when its contact has followed
            timer = loop.schedule(settle, this::cue);
            owner.changed();
        }
    }

    /** The zones are on: the mixer plays the target's voice, which is on air once its source has delivered. */
    private void cue() {
        timer = null;
        moveTo(Stage.AWAITING_AUDIO);
        mixer.play(target.sound.voice(), gain.of(target));
        onAir = target.sound;
        target.voiced = true;
        owner.voiced(target);
        awaitAudio();
    }

    private void awaitAudio() {
        timer = null;
        if (!noticeAudio()) {
            timer = loop.schedule(AUDIO_CHECK, this::awaitAudio);
        }
    }

    /**
     * Takes the target on air if its voice has sent programme audio since the mixer took it ({@link Owner#onAir}:
     * started); true when it is on air. {@link Playback} calls it before a session's status changes, so that audio
     * come since the last check is told first.
     */
    boolean noticeAudio() {
        if (stage != Stage.AWAITING_AUDIO) {
            return stage == Stage.ON_AIR;
        }
        if (target.sound.voice().programmeFrames() == 0) {
            return false;
        }
        moveTo(Stage.ON_AIR);
        target.phase = Session.Phase.ON_AIR;
        owner.onAir(target);
        return true;
    }

    private void zonesOff() {
        for (int z = 1; z <= zoneCount(); z++) {
            relays.set(RelayOutputs.zone(z), false);
        }
    }

    private void moveTo(Stage next) {
        if (next == stage) {
            return;
        }
        if (!stage.canMoveTo(next)) {
            throw new IllegalStateException("relay sequence: no way from " + stage + " to " + next);
        }
        Logger.debug("relay sequence: {} -> {}{}", stage, next, target == null ? "" : " (session " + target.id + ")");
        cancelTimer();
        stage = next;
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    /** The volume changed: the session on air follows at once (a ramp, no click). */
    void regain() {
        if (stage == Stage.AWAITING_AUDIO || stage == Stage.ON_AIR) {
            mixer.setGain(gain.of(target));
        }
    }

    int zoneCount() {
        return relays.channels().size() - 1;
    }

    /**
     * A technician switching one relay by hand (console), allowed only when no session is on air or on its way
     * (IDLE, HOLDING). The amplifier switched by hand leaves the sequence IDLE: the technician's wish wins over
     * the idle hold, and a session then counts the warm-up from the contact's own closing.
     */
    boolean manual(String channel, boolean on) {
        if (!quiet()) {
            return false;
        }
        if (channel.equals(RelayOutputs.AMP)) {
            moveTo(Stage.IDLE);
        }
        relays.set(channel, on);
        owner.changed();
        return true;
    }

    /** No session on air, on its way or fading: the relays are free for a technician's test. */
    boolean quiet() {
        return (stage == Stage.IDLE || stage == Stage.HOLDING) && target == null;
    }

    /** Relay states for the state report: amp, then zones in order. */
    Map<String, Object> relayState() {
        List<Boolean> zones = new ArrayList<>();
        for (int z = 1; z <= zoneCount(); z++) {
            zones.add(relays.isOn(RelayOutputs.zone(z)));
        }
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("amp", relays.isOn(RelayOutputs.AMP));
        state.put("zones", zones);
        return state;
    }

    /** At shutdown: silence, and every sound closed; the relays go off with the hardware. */
    void shutdown() {
        mixer.clear();
        onAir = null;
        Set<Session> open = new java.util.LinkedHashSet<>(leaving);
        if (target != null) {
            open.add(target);
        }
        for (Session s : open) {
            if (s.sound != null) {
                s.sound.close();
                s.sound = null;
            }
        }
    }
}
