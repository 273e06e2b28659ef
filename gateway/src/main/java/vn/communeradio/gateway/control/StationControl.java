package vn.communeradio.gateway.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.tinylog.Logger;
import vn.communeradio.gateway.Version;
import vn.communeradio.gateway.command.Ack;
import vn.communeradio.gateway.command.AckStatus;
import vn.communeradio.gateway.command.Command;
import vn.communeradio.gateway.command.Envelope;
import vn.communeradio.gateway.command.Priority;
import vn.communeradio.gateway.command.Keys;
import vn.communeradio.gateway.command.Ping;
import vn.communeradio.gateway.command.Play;
import vn.communeradio.gateway.command.PlayMode;
import vn.communeradio.gateway.command.RejectCode;
import vn.communeradio.gateway.command.Schedule;
import vn.communeradio.gateway.command.Selftest;
import vn.communeradio.gateway.command.SourceUrls;
import vn.communeradio.gateway.command.SourceUrls;
import vn.communeradio.gateway.command.Stop;
import vn.communeradio.gateway.command.TrustedKeys;
import vn.communeradio.gateway.command.Update;
import vn.communeradio.gateway.command.Volume;
import vn.communeradio.gateway.hearing.Faults;
import vn.communeradio.gateway.hearing.Hearing;
import vn.communeradio.gateway.hearing.SensePort;
import vn.communeradio.gateway.json.Json;
import vn.communeradio.gateway.json.JsonException;
import vn.communeradio.gateway.journal.Ending;
import vn.communeradio.gateway.journal.LogOutcome;
import vn.communeradio.gateway.journal.OpenSession;
import vn.communeradio.gateway.journal.Played;
import vn.communeradio.gateway.journal.Played;
import vn.communeradio.gateway.journal.SessionLog;
import vn.communeradio.gateway.store.AtomicFiles;
import vn.communeradio.gateway.command.ScheduleItem;
import vn.communeradio.gateway.schedule.Broadcasts;
import vn.communeradio.gateway.schedule.Firing;
import vn.communeradio.gateway.schedule.Scheduler;
import vn.communeradio.gateway.playback.SoundRequest;
import vn.communeradio.gateway.playback.SoundOpener;
import vn.communeradio.gateway.audio.Mixer;
import vn.communeradio.gateway.command.StationClock;
import vn.communeradio.hal.gpio.RelayOutputs;
import java.time.Duration;

/**
 * Executes accepted commands on the control loop: the one place where the station's state changes. Every command
 * gets its acks here, and every change of state is published.
 */
public final class StationControl implements Playback.Events {

    /** A self-test step's bound beyond its warm-up, relay intervals and turn (see selfTestHost). */
    private static final long STEP_MARGIN_S = 5;
    private static final String NO_SENSE = "this station has no sense input (audio.sense_channel = 0): a self-test "
            + "would have nothing to measure its zones with";
    private static final String NO_LINE = SourceUrls.LINE_INPUT + ": this station has no line input "
            + "(audio.line_channel is 0 or hal.audio_in is none)";

    private final String stationId;
    private final Playback playback;
    private final TrustedKeys keys;
    private final Outbox outbox;
    private final LongSupplier clockMillis;
    private final Supplier<Boolean> clockSynced;
    private final Path volumeFile;
    private final ControlLoop loop;
    /** Final acks handed to the journal and not sent yet (they wait for their record on its thread). */
    private final java.util.concurrent.atomic.AtomicInteger finalAcksPending =
            new java.util.concurrent.atomic.AtomicInteger();
    private Scheduler scheduler; // set before the loop runs: it plays through this control's playback
    private SessionLog sessionLog = SessionLog.NONE;
    private Supplier<Map<String, Boolean>> inputs = Map::of;
    private Runnable whenQuiet = () -> { };
    private Updates updates;
    /** What the sense input found wrong; null without one. */
    private Faults faults;
    private final ZoneSelfTest selfTest;
    private Announcements announcements;

    /** Where {@code update} commands go (the updater), and what the state says about updates. */
    public interface Updates {
        void request(Envelope envelope, Update update);

        Map<String, Object> summary();
    }

    StationControl(String stationId, ControlLoop loop, java.util.function.Function<Playback.Events, Playback> playback,
                   TrustedKeys keys, Outbox outbox, LongSupplier clockMillis, Supplier<Boolean> clockSynced,
                   Path stateDir) {
        this.stationId = stationId;
        this.loop = loop;
        this.playback = playback.apply(this);
        this.selfTest = new ZoneSelfTest(loop, selfTestHost());
        this.keys = keys;
        this.outbox = outbox;
        this.clockMillis = clockMillis;
        this.clockSynced = clockSynced;
        this.volumeFile = stateDir.resolve("volume.json");
        this.announcements = new Announcements(loop, this.playback, Priority.HIGH, false);
    }

    /**
     * The station has a line input (audio.line_channel): {@code input:line} plays, and local announcements go on air
     * at {@code announcePriority}. Before the loop runs; without it, input:line is refused unsupported.
     */
    public void lineInput(Priority announcePriority) {
        announcements = new Announcements(loop, playback, announcePriority, true);
    }

    /** Local announcements (push-to-talk, the console); control loop only. */
    public Announcements announcements() {
        return announcements;
    }

    /**
     * Builds the control for a station; its playback drives {@code relays} and {@code mixer} and opens what
     * sessions play through {@code sounds}. Give it its {@link #schedule} before the loop runs.
     */
    public static StationControl create(String stationId, Path stateDir, PlaybackSettings settings, ControlLoop loop,
                                        RelayOutputs relays, Mixer mixer, SoundOpener sounds, TrustedKeys keys,
                                        Outbox outbox, StationClock clock) {
        int volume = savedVolume(stateDir, settings.defaultVolume());
        RelayGuard guard = new RelayGuard(relays, loop, settings.relayInterval(), settings.relayMaxOn(),
                loop.ticker()::nanos);
        StationControl control = new StationControl(stationId, loop, events -> new Playback(loop, guard, mixer,
                sounds, settings, events, clock::nowMillis, volume), keys, outbox, clock::nowMillis,
                clock::synchronised, stateDir);
        loop.post(guard::startOnTimeChecks);
        return control;
    }

    /** The schedule, which plays through {@link #broadcasts()}; set before the loop runs. */
    public void schedule(Scheduler schedule) {
        scheduler = schedule;
        playback.upcoming(schedule::nextAtMillis);
    }

    /** The persisted volume, or {@code fallback} when none was saved or the file is damaged. */
    static int savedVolume(Path stateDir, int fallback) {
        Path file = stateDir.resolve("volume.json");
        try {
            if (Files.exists(file)) {
                Object level = Json.parseObject(Files.readAllBytes(file)).get("level");
                if (level instanceof Long l && l >= 0 && l <= 100) {
                    return l.intValue();
                }
            }
        } catch (IOException | JsonException e) {
            Logger.warn("{} unreadable ({}); volume {} until a volume command sets one", file, e.getMessage(), fallback);
        }
        return fallback;
    }

    /** Runs one accepted command. */
    public void execute(Envelope envelope, Command command) {
        loop.assertOnLoop();
        String jti = envelope.jti();
        if (command instanceof Ping) {
            send(Ack.accepted(envelope, stationId));
            send(Ack.of(jti, stationId, AckStatus.FINISHED).with("state", state(true)));
        } else if (command instanceof Play play) {
            play(envelope, play);
        } else if (command instanceof Stop stop) {
            stop(envelope, stop);
        } else if (command instanceof Volume volume) {
            volume(envelope, volume);
        } else if (command instanceof Keys keyCommand) {
            keys(envelope, keyCommand);
        } else if (command instanceof Schedule schedule) {
            schedule(envelope, schedule);
        } else if (command instanceof Selftest test) {
            selftest(envelope, test);
        } else if (command instanceof Update update) {
            if (updates == null) {
                reject(jti, RejectCode.UNSUPPORTED, "this station was started without remote updates");
            } else {
                updates.request(envelope, update);
            }
        }
    }

    /**
     * Proof of broadcast: what the sense input heard of each session, and the faults it found (kept in
     * {@code faults}); set before the loop runs (none without a sense input).
     */
    public void hearing(Hearing hearing, Faults found) {
        playback.hearing(hearing);
        faults = found;
    }

    /** Where update commands go; set before the loop runs. */
    public void updates(Updates handler) {
        updates = handler;
    }

    private void schedule(Envelope envelope, Schedule command) {
        for (ScheduleItem item : command.items()) {
            if (item.source().contains(SourceUrls.LINE_INPUT) && !announcements.lineInput()) {
                reject(envelope.jti(), RejectCode.UNSUPPORTED, "item " + item.id() + ": " + NO_LINE);
                return;
            }
            if (item.kind() == ScheduleItem.Kind.SELFTEST && faults == null) {
                // accepted, it would fail every night
                reject(envelope.jti(), RejectCode.UNSUPPORTED, "item " + item.id() + ": " + NO_SENSE);
                return;
            }
        }
        Scheduler.Result result = scheduler.apply(command, envelope.keyMaxPriority(), envelope.kid(),
                playback.zoneCount());
        if (result.code() != null) {
            reject(envelope.jti(), result.code(), result.reason());
            return;
        }
        Logger.info("schedule {} by key {} (command {}): {}", command.op().name().toLowerCase(java.util.Locale.ROOT),
                envelope.kid(), envelope.jti(), result.reason());
        send(Ack.accepted(envelope, stationId));
        send(Ack.of(envelope.jti(), stationId, AckStatus.FINISHED).reason(result.reason()));
    }

    /** Scheduled occurrences play as sessions named after item and date; a removed item's sessions end. */
    public Broadcasts broadcasts() {
        return new Broadcasts() {
            @Override
            public void play(Firing firing) {
                ScheduleItem item = firing.item();
                String session = firing.sessionId();
                if (item.kind() == ScheduleItem.Kind.SELFTEST) {
                    SelftestRefusal refused = startSelftest(session, item.zones());
                    if (refused != null) {
                        RejectCode code = refused.code() == RejectCode.INTERNAL ? RejectCode.INTERNAL
                                : RejectCode.UNSUPPORTED;
                        Logger.warn("scheduled self-test {} not run: {}", session, refused.reason());
                        sessionLog.ended(new Ending(session, session, Priority.LOW.wire(), SourceUrls.TEST_SIGNAL,
                                clockMillis.getAsLong(), LogOutcome.FAILED, code.wire(), refused.reason(),
                                Played.NOTHING), () -> { });
                    }
                    return;
                }
                playback.request(session, session, item.priority(), Scheduler.request(item), item.zones(),
                        item.volume(), null, item.durationS());
            }

            @Override
            public void missed(Firing firing, String reason) {
                // a waiting session whose time passed before it could start: failed, expired (PROTOCOL.md)
                ScheduleItem item = firing.item();
                sessionLog.ended(new Ending(firing.sessionId(), firing.sessionId(), item.priority().wire(),
                        Scheduler.request(item).primary(), clockMillis.getAsLong(), LogOutcome.FAILED,
                        RejectCode.EXPIRED.wire(), reason, Played.NOTHING), () -> { });
            }

            @Override
            public void stopItem(String itemId) {
                for (String session : waitingFirst(playback.sessionIds())) {
                    if (session.startsWith(Firing.sessionPrefix(itemId))) {
                        playback.stop(session);
                    }
                }
            }
        };
    }

    private void play(Envelope envelope, Play play) {
        if (play.source().contains(SourceUrls.LINE_INPUT) && !announcements.lineInput()) {
            reject(envelope.jti(), RejectCode.UNSUPPORTED, NO_LINE);
            return;
        }
        for (int zone : play.zones()) {
            if (zone > playback.zoneCount()) {
                reject(envelope.jti(), RejectCode.MALFORMED, "args.zones: zone " + zone
                        + " does not exist; this station has zones 1.." + playback.zoneCount());
                return;
            }
        }
        // reusing a session id replaces that session: the key must be allowed its priority
        var existing = playback.priorityOf(play.session());
        if (existing != null && existing.above(envelope.keyMaxPriority())) {
            forbidden(envelope, play.session(), existing.wire());
            return;
        }
        send(Ack.accepted(envelope, stationId).with("session", play.session()));
        SoundRequest source = new SoundRequest(play.source(), play.mode() == PlayMode.FILE, play.sha256());
        // start_at is read on the sender's clock: one found ahead of this unsynchronised station's clock (or this
        // clock behind it) means "in start_at - iat seconds", not "once this clock reaches start_at"
        Long startAt = play.startAt() == null ? null : play.startAt() - envelope.iatAheadS();
        playback.request(envelope.jti(), play.session(), play.priority(), source, play.zones(), play.volume(),
                startAt, play.durationS());
    }

    private void stop(Envelope envelope, Stop stop) {
        if (stop.session() != null) {
            var priority = playback.priorityOf(stop.session());
            if (priority != null && priority.above(envelope.keyMaxPriority())) {
                forbidden(envelope, stop.session(), priority.wire());
                return;
            }
            send(Ack.accepted(envelope, stationId));
            boolean found = playback.stop(stop.session());
            send(Ack.of(envelope.jti(), stationId, AckStatus.FINISHED)
                    .reason(found ? "session " + stop.session() + " stopped" : "no session " + stop.session()));
            return;
        }
        send(Ack.accepted(envelope, stationId));
        int stopped = 0;
        for (String id : waitingFirst(playback.sessionIds())) {
            var priority = playback.priorityOf(id);
            if (priority != null && !priority.above(envelope.keyMaxPriority()) && playback.stop(id)) {
                stopped++;
            }
        }
        send(Ack.of(envelope.jti(), stationId, AckStatus.FINISHED).reason(stopped + " session(s) stopped"));
    }

    /**
     * Session ids with the waiting ones first: stopping several, the running one goes last, or its end would hand
     * the relays to one about to be stopped too.
     */
    private static List<String> waitingFirst(List<String> runningFirst) {
        List<String> ids = new java.util.ArrayList<>(runningFirst);
        java.util.Collections.reverse(ids);
        return ids;
    }

    private void volume(Envelope envelope, Volume volume) {
        if (!volume.zones().isEmpty()) {
            reject(envelope.jti(), RejectCode.UNSUPPORTED, "per-zone volume needs per-zone amplifiers; "
                    + "this station has one amplifier: send volume without zones");
            return;
        }
        try {
            AtomicFiles.write(volumeFile, Json.write(Map.of("level", volume.level())).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            send(Ack.of(envelope.jti(), stationId, AckStatus.REJECTED).code(RejectCode.INTERNAL)
                    .reason("volume not saved: " + e.getMessage() + "; check the state directory's disk"));
            return;
        }
        send(Ack.accepted(envelope, stationId));
        playback.setVolume(volume.level());
        send(Ack.of(envelope.jti(), stationId, AckStatus.FINISHED));
        publishState();
    }

    private void keys(Envelope envelope, Keys command) {
        try {
            keys.apply(command);
        } catch (IOException e) {
            send(Ack.of(envelope.jti(), stationId, AckStatus.REJECTED).code(RejectCode.INTERNAL)
                    .reason("key change not saved: " + e.getMessage() + "; check the state directory's disk"));
            return;
        }
        Logger.info("key {} {} by {} (command {})", command.kid(),
                command.op() == Keys.Op.ADD ? "added" : "revoked", envelope.kid(), envelope.jti());
        send(Ack.accepted(envelope, stationId));
        send(Ack.of(envelope.jti(), stationId, AckStatus.FINISHED));
    }

    private void forbidden(Envelope envelope, String session, String priority) {
        reject(envelope.jti(), RejectCode.FORBIDDEN, "key '" + envelope.kid() + "' may act up to "
                + envelope.keyMaxPriority().wire() + ", session " + session + " is " + priority);
    }

    private void reject(String jti, RejectCode code, String reason) {
        send(Ack.of(jti, stationId, AckStatus.REJECTED).code(code).reason(reason));
    }

    private void send(Ack ack) {
        send(ack, clockMillis.getAsLong());
    }

    private void send(Ack ack, long atMillis) {
        outbox.ack(ack.json(atMillis));
    }

    @Override
    public void ack(String jti, AckStatus status, Map<String, Object> extra) {
        if (selfTest.owns(jti)) {
            selfTest.stepAck(jti, status);
            return;
        }
        long at = clockMillis.getAsLong();
        if (finalAcksPending.get() > 0) {
            // a session's started or preempted never overtakes an earlier session's final ack, which waits for
            // its record: the next session's "started (resumed)" after the emergency's "finished", not before
            sessionLog.after(() -> ack(jti, status, extra, at));
        } else {
            ack(jti, status, extra, at);
        }
    }

    private void ack(String jti, AckStatus status, Map<String, Object> extra, long atMillis) {
        if (jti.startsWith("sched:")) {
            Logger.info("scheduled session {} {}", jti, status.wire()); // offline, the log is all a technician has
        }
        Ack ack = Ack.of(jti, stationId, status);
        extra.forEach(ack::with);
        send(ack, atMillis);
    }

    @Override
    public void changed() {
        publishState();
    }

    @Override
    public void quiet() {
        whenQuiet.run();
    }

    /** What runs when the amplifier has gone off after its idle hold (a full collection); before the loop runs. */
    public void whenQuiet(Runnable task) {
        whenQuiet = task;
    }

    /** Where sessions are logged (the broadcast journal); set before the loop runs. */
    public void journal(SessionLog log) {
        sessionLog = log;
    }

    @Override
    public void sessionStarted(Session session) {
        if (selfTest.owns(session.jti)) {
            return; // a self-test's step: the run is logged as one, when it ends
        }
        sessionLog.started(SessionRecords.opened(session, clockMillis.getAsLong()));
    }

    @Override
    public void sessionWaiting(Session session) {
        if (selfTest.owns(session.jti)) {
            return;
        }
        sessionLog.waiting(SessionRecords.waiting(session));
    }

    @Override
    public void sessionEnded(Session session, AckStatus status, Map<String, Object> ack, String code, String reason) {
        if (selfTest.owns(session.jti)) {
            selfTest.stepEnded(session, status, code, reason);
            return;
        }
        long endedAt = clockMillis.getAsLong();
        String fault = judge(session, status);
        logThenAck(SessionRecords.ending(session, status, code, reason, fault, endedAt), session.jti, status, ack,
                endedAt);
    }

    /** Hands {@code ending} to the log; the final ack ({@code ack}: its members, null for none) follows its record. */
    private void logThenAck(Ending ending, String jti, AckStatus status, Map<String, Object> ack, long endedAt) {
        finalAcksPending.incrementAndGet();
        sessionLog.ended(ending, () -> {
            try {
                if (ack != null) {
                    // on the log's thread (nothing here touches the loop's state), stamped when the session ended:
                    // the relay sequence's order (zones off, final ack, amplifier off) stays what happened
                    ack(jti, status, ack, endedAt);
                }
            } finally {
                finalAcksPending.decrementAndGet();
            }
        });
    }

    /** A signed {@code selftest}: only a station with a sense input can hear its zones. */
    private void selftest(Envelope envelope, Selftest test) {
        SelftestRefusal refused = startSelftest(envelope.jti(), test.zones());
        if (refused != null) {
            reject(envelope.jti(), refused.code(), refused.reason());
            return;
        }
        send(Ack.accepted(envelope, stationId).with("session", envelope.jti()));
    }

    /**
     * Starts a zone self-test over {@code zones} (empty: all) as run {@code jti}; null when it runs, else why not
     * (a console and a schedule start them too). Control loop only.
     */
    public String selftest(String jti, List<Integer> zones) {
        SelftestRefusal refused = startSelftest(jti, zones);
        return refused == null ? null : refused.reason();
    }

    /**
     * Why a self-test cannot run, and its code: no sense input is the station's kind (unsupported), an unconnected
     * one its own failure (internal: once connected, a new selftest runs), a zone that does not exist the
     * command's (malformed).
     */
    private record SelftestRefusal(RejectCode code, String reason) {
    }

    /** {@link #selftest(String, List)} with the refusal's code; null when it runs. */
    private SelftestRefusal startSelftest(String jti, List<Integer> zones) {
        loop.assertOnLoop();
        if (faults == null) {
            return new SelftestRefusal(RejectCode.UNSUPPORTED, NO_SENSE);
        }
        if (faults.senseProblem() != null) {
            return new SelftestRefusal(RejectCode.INTERNAL, faults.senseProblem() + ": every zone would be judged "
                    + "silent on the silence of an unconnected input; connect it first");
        }
        for (int zone : zones) {
            if (zone < 1 || zone > playback.zoneCount()) {
                return new SelftestRefusal(RejectCode.MALFORMED, "args.zones: zone " + zone
                        + " does not exist; this station has zones 1.." + playback.zoneCount());
            }
        }
        List<Integer> tested = zones.isEmpty()
                ? java.util.stream.IntStream.rangeClosed(1, playback.zoneCount()).boxed().toList() : zones;
        Logger.info("self-test {} of zones {}", jti, tested);
        // a run cut by a power cut or crash is logged interrupted at the next start, as any session: its marker
        sessionLog.waiting(SessionRecords.selftestMarker(jti, tested, null));
        selfTest.start(jti, tested);
        return null;
    }

    /**
     * Whether something feeds the sense input now: while nothing does, the state's faults lead with
     * {@code "sense input not connected: PORT"}, sessions are not judged and self-tests are refused. Logged when it
     * changes, so the start's first check names the port and what to connect. Control loop only, every second.
     */
    public void checkSense(SensePort sense) {
        loop.assertOnLoop();
        if (faults == null) {
            return;
        }
        boolean connected = sense.connected().getAsBoolean();
        if (!faults.senseProblem(connected ? null : "sense input not connected: " + sense.name())) {
            return;
        }
        if (connected) {
            Logger.info("sense input {} connected: sessions are judged heard or not again", sense.name());
        } else {
            Logger.warn("sense input {} is connected to nothing: it reads silence, so no session is judged heard or "
                    + "not and self-tests are refused until it is; {}", sense.name(), sense.howToConnect());
        }
        publishState();
    }

    /** The self-test's way into the station: its steps play as low sessions, its end is acked and logged. */
    private ZoneSelfTest.Host selfTestHost() {
        return new ZoneSelfTest.Host() {
            @Override
            public void play(String jti, String session, int zone) {
                // the run ends the step STEP_S after its first audio; this bound only catches one that never
                // sounds: the warm-up, the relays' minimum interval on each side, its turn, and a margin
                Duration bound = playback.warmup().plus(playback.relayInterval().multipliedBy(2))
                        .plusSeconds(ZoneSelfTest.STEP_S + STEP_MARGIN_S);
                playback.request(jti, session, Priority.LOW, SoundRequest.of(SourceUrls.TEST_SIGNAL), List.of(zone),
                        ZoneSelfTest.VOLUME, null, (bound.toMillis() + 999) / 1000);
            }

            @Override
            public void finish(String session) {
                playback.finish(session);
            }

            @Override
            public void stop(String session) {
                loop.post(() -> playback.stop(session));
            }

            @Override
            public void started(String jti, List<Integer> zones) {
                sessionLog.started(SessionRecords.selftestMarker(jti, zones, clockMillis.getAsLong()));
                ack(jti, AckStatus.STARTED, Map.of("session", jti));
            }

            @Override
            public String unjudged(Session step) {
                return playback.unconnectedSense(step) ? "the sense input was not connected while zone "
                        + step.zones.get(0) + " played: no zone is judged on the silence of an unconnected input "
                        + "(see the state's faults)" : null;
            }

            @Override
            public void ended(String jti, AckStatus status, String code, String reason,
                              List<ZoneSelfTest.ZoneResult> results, long audioMillis, Long startedMillis) {
                selftestEnded(jti, status, code, reason, results, audioMillis, startedMillis);
            }
        };
    }

    /** A self-test run ended: its zones' verdicts go to the faults, its final ack and its log record. */
    private void selftestEnded(String jti, AckStatus status, String code, String reason,
                               List<ZoneSelfTest.ZoneResult> results, long audioMillis, Long startedMillis) {
        long endedAt = clockMillis.getAsLong();
        List<Object> zones = new java.util.ArrayList<>();
        List<String> verdicts = new java.util.ArrayList<>();
        List<String> raised = new java.util.ArrayList<>();
        for (ZoneSelfTest.ZoneResult r : results) {
            zones.add(r.toJson());
            String level = r.levelDb() == null ? "not measured" : String.format(java.util.Locale.ROOT, "%.1f dBFS",
                    r.levelDb());
            if (r.ok()) {
                verdicts.add("zone " + r.zone() + " ok at " + level);
                faults.heardOn(List.of(r.zone()));
            } else {
                String fault = "zone " + r.zone() + " silent";
                verdicts.add(fault + " (" + level + ")");
                faults.raise(fault, List.of(r.zone()));
                raised.add(fault);
            }
        }
        Logger.info("self-test {} {}: {}", jti, status.wire(), verdicts.isEmpty() ? "no zone measured" : verdicts);
        Map<String, Object> ack = new LinkedHashMap<>();
        ack.put("session", jti);
        if (code != null) {
            ack.put("code", code);
            ack.put("reason", reason);
        }
        ack.put("zones", zones);
        ack.put("audio_s", Played.seconds(audioMillis));
        String summary = String.join("; ", verdicts);
        String recordReason = reason == null ? summary : summary.isEmpty() ? reason : reason + "; " + summary;
        logThenAck(SessionRecords.selftest(jti, status, code, recordReason.isEmpty() ? null : recordReason,
                new Played(startedMillis, audioMillis, 0, null, raised.isEmpty() ? null : String.join(", ", raised)),
                endedAt), jti, status, ack, endedAt);
        publishState();
    }

    /**
     * Proof of broadcast's faults: an emergency the sense input did not hear, or that failed without any audio (its
     * source unreachable: the village heard nothing either), raises {@code "not heard: ID"} on its zones; any session
     * heard clears the faults it disproves. Returns the fault raised, or null.
     */
    private String judge(Session session, AckStatus status) {
        if (faults == null) {
            return null;
        }
        List<Integer> zones = session.playsOn(playback.zoneCount());
        if (session.heard != null && session.heard.ok()) {
            if (faults.heardOn(zones)) {
                publishState();
            }
            return null;
        }
        // one that never sounded is not heard only when it failed: stopped or replaced while waiting, none was due
        boolean notHeard = session.heard != null || (status == AckStatus.FAILED && session.audioMillis() == 0);
        if (session.priority != Priority.EMERGENCY || !notHeard) {
            return null;
        }
        String fault = "not heard: " + session.id;
        faults.raise(fault, zones);
        publishState();
        return fault;
    }

    /** Plays again a session the previous run left on (an emergency within its time); control loop only. */
    public void resume(OpenSession open) {
        loop.assertOnLoop();
        playback.resume(open.jti(), open.session(), open.priority(),
                new SoundRequest(open.sources(), open.cacheFirst(), open.sha256()), open.zones(), open.volume(),
                open.endAtMillis(), open.startedMillis());
    }

    /** Where the digital inputs (mains, door, amplifier fault) are read for the state; before the loop starts. */
    public void inputs(Supplier<Map<String, Boolean>> reader) {
        inputs = reader;
    }

    /** Publishes the state now, e.g. after an input changed; control loop only. */
    public void publishState() {
        loop.assertOnLoop();
        outbox.state(Json.write(state(true)));
    }

    /** The state object of PROTOCOL.md. */
    public Map<String, Object> state(boolean online) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("station", stationId);
        state.put("online", online);
        state.put("version", Version.running());
        state.put("ts", clockMillis.getAsLong());
        Session current = playback.current();
        if (current == null) {
            state.put("playing", null);
        } else {
            Map<String, Object> playing = new LinkedHashMap<>();
            playing.put("session", current.id);
            playing.put("priority", current.priority.wire());
            playing.put("source", current.source.primary());
            String location = playback.location();
            if (location != null && !location.equals(current.source.primary())) {
                playing.put("location", location); // after redirects or failover (extension)
            }
            String title = playback.title();
            if (title != null) {
                playing.put("title", title); // ICY StreamTitle (extension)
            }
            playing.put("since", current.sinceMillis);
            state.put("playing", playing);
        }
        state.put("relays", playback.relayState());
        state.put("inputs", inputs.get());
        state.put("volume", playback.volume());
        state.put("clock_synced", clockSynced.get());
        state.put("schedule", scheduler.summary()); // extension
        if (faults != null) {
            state.put("faults", faults.lines()); // extension: proof of broadcast
        }
        if (updates != null) {
            state.put("update", updates.summary()); // extension
        }
        return state;
    }

    /** How the running stream is doing (buffer, drift, underruns), or empty; any thread (status reads it). */
    public String soundHealth() {
        return playback.soundHealth();
    }

    /** An emergency is playing or waiting to play (nothing may reboot the board then); control loop only. */
    public boolean emergencyOn() {
        return playback.has(Priority.EMERGENCY);
    }

    /** An emergency or high session is playing or waiting: no update is installed then; control loop only. */
    public boolean importantOn() {
        return playback.has(Priority.EMERGENCY) || playback.has(Priority.HIGH);
    }

    /** Session ids in order, for tests and the console. */
    List<String> sessions() {
        return playback.sessionIds();
    }

    /** A technician's relay switching (console); null when done, else why not. Control loop only. */
    public String manualRelay(String channel, boolean on, Duration pulse) {
        loop.assertOnLoop();
        String refused = playback.manual(channel, on, pulse);
        Logger.info("console: relay {} {}{}{}", channel, on ? "on" : "off",
                pulse == null ? "" : " for " + pulse.toMillis() + " ms", refused == null ? "" : " refused: " + refused);
        return refused;
    }

    /** Silences the mixer at shutdown; the relays go off with the hardware. */
    public void shutdown() {
        playback.shutdown();
        scheduler.close();
    }
}
