package vn.communeradio.gateway.station;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.tinylog.Logger;
import vn.communeradio.gateway.Version;
import vn.communeradio.gateway.audio.Mixer;
import vn.communeradio.gateway.audio.SenseTap;
import vn.communeradio.gateway.command.ClockTrust;
import vn.communeradio.gateway.command.CommandIntake;
import vn.communeradio.gateway.command.CommandTimes;
import vn.communeradio.gateway.command.CommandVerifier;
import vn.communeradio.gateway.command.ReplayWindow;
import vn.communeradio.gateway.command.SenderClocks;
import vn.communeradio.gateway.command.StationClock;
import vn.communeradio.gateway.command.TrustedKeys;
import vn.communeradio.gateway.config.Config;
import vn.communeradio.gateway.config.ConfigKeys;
import vn.communeradio.gateway.console.ConsoleAcks;
import vn.communeradio.gateway.console.ConsoleCommands;
import vn.communeradio.gateway.console.ConsoleContext;
import vn.communeradio.gateway.console.ConsolePin;
import vn.communeradio.gateway.console.ConsoleServer;
import vn.communeradio.gateway.control.ControlLoop;
import vn.communeradio.gateway.control.Outbox;
import vn.communeradio.gateway.control.StationControl;
import vn.communeradio.gateway.decode.Decoders;
import vn.communeradio.gateway.hearing.Faults;
import vn.communeradio.gateway.hearing.Hearing;
import vn.communeradio.gateway.hearing.SensePort;
import vn.communeradio.gateway.journal.BroadcastLog;
import vn.communeradio.gateway.journal.Ending;
import vn.communeradio.gateway.journal.JournalReader;
import vn.communeradio.gateway.json.Json;
import vn.communeradio.gateway.json.JsonException;
import vn.communeradio.gateway.link.MqttLink;
import vn.communeradio.gateway.link.Outbound;
import vn.communeradio.gateway.playback.Sounds;
import vn.communeradio.gateway.schedule.Scheduler;
import vn.communeradio.gateway.source.FileCache;
import vn.communeradio.gateway.status.StatusReport;
import vn.communeradio.gateway.status.Telemetry;
import vn.communeradio.gateway.supervision.HardwareWatchdogFeeder;
import vn.communeradio.gateway.supervision.OfflineSupervisor;
import vn.communeradio.gateway.supervision.QuietCollector;
import vn.communeradio.gateway.supervision.ServiceManager;
import vn.communeradio.gateway.update.PackageDownload;
import vn.communeradio.gateway.update.Updater;
import vn.communeradio.hal.clock.Ticker;

/**
 * The running service, assembled: state directory, hardware, control loop, link, journal, console. Starting
 * switches every relay off before anything else; stopping (or a failed start) switches them off again. Who owns
 * which thread and how the others reach it: docs/threads.md.
 */
public final class Station implements AutoCloseable {

    static final Duration WATCHDOG_KICK = Duration.ofSeconds(1);
    static final Duration CLOCK_CHECKPOINT = Duration.ofMinutes(1);
    /** Inputs are polled: GPIO edge events would need a thread per provider for a once-a-day change. */
    static final Duration INPUT_POLL = Duration.ofMillis(500);
    /** A speaker presses, then talks: the press must count within a syllable. */
    static final Duration PUSH_TO_TALK_POLL = Duration.ofMillis(50);
    /** Connections a package download tries (each resuming the last), 1 s apart doubling: about 15 s of outage. */
    static final int UPDATE_ATTEMPTS = 5;
    private static final Duration SENSE_CHECK = Duration.ofSeconds(1);
    /** Frames the sense tap holds for the hearing thread: 2 s at 48 kHz, the longest it may fall behind. */
    static final int SENSE_TAP_FRAMES = 96_000;

    private final Config config;
    private final StationSettings settings;
    private final StateDirectory stateDir;
    private final Hardware hardware;
    private final Decoders decoders;
    private final ControlLoop loop;
    private final Mixer mixer;
    /** Proof of broadcast: null without a sense input (audio.sense_channel). */
    private final Hearing hearing;
    private final ServiceManager serviceManager;
    private final AudioStart audio;
    private final ConsoleAcks consoleAcks = new ConsoleAcks();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile End end = End.STOPPED;
    /** The state last published, for the Will's successor (birth) and the console. */
    private volatile byte[] latestState;
    private StationClock clock;
    private CommandTimes times;
    private ReplayWindow replay;
    private StationControl control;
    private MqttLink link;
    private BroadcastLog broadcastLog;
    private ConsoleServer console;
    private boolean closed;

    private Station(Config config, StateDirectory stateDir, Hardware hardware, Decoders decoders,
                    Map<String, String> environment) {
        this.config = config;
        this.settings = new StationSettings(config);
        this.stateDir = stateDir;
        this.hardware = hardware;
        this.decoders = decoders;
        this.loop = new ControlLoop(hardware.clocks().ticker());
        SenseTap tap = hardware.audio().capture().senseChannel() > 0 ? new SenseTap(SENSE_TAP_FRAMES) : null;
        this.mixer = new Mixer(2, settings.sampleRate(), tap);
        this.hearing = tap == null ? null : new Hearing(tap, SensePort.of(hardware.audio()), this::sampleRate,
                settings.hearing());
        this.serviceManager = new ServiceManager(environment);
        this.audio = new AudioStart(hardware.audio(), mixer, loop,
                () -> serviceManager.ready(settings.stationId(), loop, hardware.audio()), serviceManager::status);
    }

    /**
     * Opens everything in a safe order; on failure releases what was opened (relays off) and throws.
     *
     * @param decoders the decoders on the native libraries, loaded before (a missing library is a usage error)
     */
    public static Station start(Config config, HardwareFactory factory, Decoders decoders) throws StartupException {
        return start(config, factory, decoders, Map.of());
    }

    /**
     * As {@link #start(Config, HardwareFactory, Decoders)}, under a supervisor described by {@code environment}:
     * systemd's {@code NOTIFY_SOCKET} and {@code WATCHDOG_USEC} (see docs/supervision.md).
     */
    public static Station start(Config config, HardwareFactory factory, Decoders decoders,
                                Map<String, String> environment) throws StartupException {
        StateDirectory stateDir = StateDirectory.open(new StationSettings(config).stateDir());
        Hardware hardware;
        try {
            hardware = factory.open(config);
        } catch (StartupException | RuntimeException e) {
            stateDir.close();
            throw e;
        }
        Station station = new Station(config, stateDir, hardware, decoders, environment);
        try {
            station.begin();
        } catch (IOException | RuntimeException e) {
            station.close();
            throw new StartupException("station could not start: " + e.getMessage(), e);
        }
        return station;
    }

    private void begin() throws IOException {
        String stationId = settings.stationId();
        Logger.info("station {} starting, version {}, relays {} off, audio {}, watchdog {}, decoders {}",
                stationId, Version.running(), hardware.relays().channels(),
                hardware.audio().description(), hardware.watchdog().description(), decoders.codecs());
        Path state = stateDir.path();
        Ticker ticker = hardware.clocks().ticker();
        ClockTrust clockTrust = ClockTrust.forConfig(settings.clockSyncMarker(), state);
        clock = new StationClock(hardware.clocks().wall(), ticker::nanos, clockTrust::synchronisedByNtp, clockTrust,
                state);
        times = new CommandTimes(clock, new SenderClocks(state, ticker::nanos), settings.clockSkewS());
        TrustedKeys keys = new TrustedKeys(settings.keysDir(), state, settings.emergencyKeys(), settings.adminKeys(),
                settings.updateKeys(), ticker::nanos);
        replay = new ReplayWindow(state, settings.clockSkewS(), ReplayWindow.DEFAULT_CAPACITY);
        CommandVerifier verifier = new CommandVerifier(keys, replay, times, stationId, settings.groups(),
                settings.maxCommandBytes(), settings.maxCommandsPerS(), ticker::nanos);
        FileCache cache = new FileCache(state.resolve(FileCache.DIRECTORY), settings.cacheBytes(), ticker::nanos);
        Sounds sounds = new Sounds(settings.streams(), this::sampleRate, mixer.channels(), cache, decoders,
                mixer.timer()::count);
        control = StationControl.create(stationId, state, settings.playback(), loop, hardware.relays(), mixer, sounds,
                keys, outbox(), clock);
        Scheduler scheduler = Scheduler.create(settings.schedule(), state, settings.downloads(),
                (delay, task) -> loop.schedule(delay, task)::cancel, ticker::nanos, clock, cache,
                control.broadcasts(), control::publishState);
        control.schedule(scheduler);
        control.whenQuiet(QuietCollector.ofThisJvm()::quiet);
        if (hearing != null) {
            control.hearing(hearing, Faults.open(state));
            hearing.start();
        }
        loop.post(scheduler::start); // runs once the loop starts: timers belong to its thread
        control.inputs(hardware.inputs()::read);
        if (hardware.audio().capture().lineChannel() > 0) {
            control.lineInput(config.get(ConfigKeys.ANNOUNCE_PRIORITY));
        }
        latestState = utf8(Json.write(control.state(true)));
        CommandIntake intake = new CommandIntake(stationId, verifier, (envelope, command) ->
                loop.post(() -> control.execute(envelope, command)), this::publishAck, clock::nowMillis,
                ticker::nanos);
        link = new MqttLink(settings.link(), intake::arrived, () -> latestState,
                () -> utf8(Json.write(offlineState())));
        broadcastLog = openBroadcastLog(state, stationId);
        control.journal(broadcastLog);
        StatusReport status = new StatusReport(stationId, ticker, this::publishedState, control::soundHealth,
                hardware.audio(), audio::started, sounds.stats(), mixer, link::stats, hardware.sensors(), loop);
        Updater updater = updater(state, stationId);
        control.updates(updater);
        link.onConnected(broadcastLog::connected);
        loop.start();
        link.start();
        broadcastLog.start();
        startConsole(keys, stationId, status, clockTrust);
        loop.post(() -> {
            audio.run();
            updater.start();
            broadcastLog.resumable().forEach(control::resume);
            loop.every(WATCHDOG_KICK, new HardwareWatchdogFeeder(hardware.watchdog(), hardware.audio(), WATCHDOG_KICK,
                    loop.ticker()));
            loop.every(CLOCK_CHECKPOINT, times::checkpoint);
            if (!settings.rebootAfterOffline().isZero()) {
                OfflineSupervisor.start(loop, settings.rebootAfterOffline(), settings.routeTables(), state,
                        link::offlineFor, control::emergencyOn, this::reboot);
            }
            loop.every(INPUT_POLL, new InputWatch(hardware.inputs(), control::publishState));
            if (hearing != null) {
                // the JACK output reads its ports' connections every second: no need to ask more often
                control.checkSense(hearing.sense());
                loop.every(SENSE_CHECK, () -> control.checkSense(hearing.sense()));
            }
            String pushToTalk = config.get(ConfigKeys.ANNOUNCE_INPUT);
            if (!pushToTalk.isEmpty()) {
                loop.every(PUSH_TO_TALK_POLL, new PushToTalk(hardware.inputs(), pushToTalk, control.announcements(),
                        clock::nowMillis));
            }
            if (!settings.telemetryInterval().isZero()) {
                loop.every(settings.telemetryInterval(), () -> publishTelemetry(status, verifier));
            }
            Logger.info(status.now().logLine());
            if (!settings.statusLogInterval().isZero()) {
                loop.every(settings.statusLogInterval(), () -> Logger.info(status.now().logLine()));
            }
        });
    }

    /** Acks and state go to the broker (and acks to the console's {@code play --wait} too). */
    private Outbox outbox() {
        return new Outbox() {
            @Override
            public void ack(String json) {
                consoleAcks.offer(json);
                publishAck(json);
            }

            @Override
            public void state(String json) {
                latestState = utf8(json);
                link.publishState(latestState);
            }
        };
    }

    private void publishAck(String json) {
        link.publish(new Outbound(Outbound.Kind.ACK, link.topics().ack(), utf8(json), 1, false));
    }

    private void publishTelemetry(StatusReport status, CommandVerifier verifier) {
        Map<String, Object> t = Telemetry.of(status.now(), clock.nowMillis(), verifier);
        link.publish(new Outbound(Outbound.Kind.TELEMETRY, link.topics().telemetry(), utf8(Json.write(t)), 0, false));
    }

    /** Remote updates: downloads into state.dir/update, hands over to the package's root step (docs/operations.md). */
    private Updater updater(Path state, String stationId) {
        Path journalDir = state.resolve(BroadcastLog.DIRECTORY);
        Updater.Records records = new Updater.Records() {
            @Override
            public boolean contains(String jti, String session) {
                try {
                    return JournalReader.lastRecords(journalDir, Updater.RECORDS_SEARCHED).stream()
                            .anyMatch(r -> jti.equals(r.get("jti")) && session.equals(r.get("session")));
                } catch (IOException e) {
                    Logger.warn("journal unreadable ({}); an update's record may be written twice", e.getMessage());
                    return false;
                }
            }

            @Override
            public void write(Ending ending, Runnable synced) {
                broadcastLog.ended(ending, synced);
            }
        };
        Outbox acks = outbox();
        return new Updater(state, stationId, Version.running(), loop, acks::ack, records, control::importantOn,
                () -> link.isConnected() && audio.started() && hardware.audio().stats().running(), clock::nowMillis,
                new PackageDownload(Updater.directory(state), settings.updateBytes(), settings.downloads(),
                        UPDATE_ATTEMPTS, Duration.ofSeconds(1)),
                settings.updateHealthTimeoutS(), control::publishState);
    }

    /**
     * The technician console's socket. A console that cannot start is logged, never fatal: the station's first
     * duty is to play.
     */
    private void startConsole(TrustedKeys keys, String stationId, StatusReport status, ClockTrust clockTrust) {
        ConsoleContext context = new ConsoleContext(config, loop, control, keys, this::publishedState, status,
                link.topics().subscriptions(), clock::nowMillis, clockTrust::reason, consoleAcks, this::restart);
        try {
            console = ConsoleServer.start(stateDir.path(), ConsoleCommands.of(context),
                    () -> ConsolePin.current(config),
                    "station " + stationId + " version " + Version.running());
        } catch (IOException | RuntimeException e) {
            Logger.error("console: cannot listen in {}: {}; the station runs without its technician console",
                    stateDir.path(), e.getMessage());
        }
    }

    private Map<String, Object> publishedState() {
        try {
            return Json.parseObject(latestState);
        } catch (JsonException e) {
            throw new IllegalStateException("the station's own state is not JSON", e);
        }
    }

    /** Stops cleanly on another thread (the console that asked gets its answer first), ending {@link End#RESTART}. */
    private void restart() {
        end = End.RESTART;
        Thread t = new Thread(this::close, "restart");
        t.start();
    }

    /** The broker has been out of reach too long with no network route: the owner closes us, the board reboots. */
    private void reboot(String reason) {
        serviceManager.status("rebooting: " + reason);
        end = End.REBOOT;
        ended.countDown(); // the owner (Main) closes the station: relays off, journal saved
    }

    /** The journal in the state directory, publishing on the log topic through the link's queue. */
    private BroadcastLog openBroadcastLog(Path state, String stationId) throws IOException {
        BroadcastLog.Link logLink = new BroadcastLog.Link() {
            @Override
            public boolean connected() {
                return link.isConnected();
            }

            @Override
            public void publish(byte[] record, Runnable acknowledged) {
                link.publish(new Outbound(Outbound.Kind.LOG, link.topics().log(), record, 1, false, acknowledged));
            }
        };
        return BroadcastLog.open(state.resolve(BroadcastLog.DIRECTORY), stationId, settings.journalBytes(), logLink,
                clock::nowMillis);
    }

    /** The output's rate once it runs (JACK imposes its server's); the configured one before. */
    private int sampleRate() {
        return audio.started() ? hardware.audio().format().sampleRate() : settings.sampleRate();
    }

    private Map<String, Object> offlineState() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("station", settings.stationId());
        state.put("online", false);
        state.put("version", Version.running());
        state.put("ts", clock.nowMillis());
        return state;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** How the service ended, for its exit status. */
    public enum End {
        /** stopped by SIGTERM or by its owner */
        STOPPED,
        /** asks for a reboot: broker unreachable and no network route (link.reboot_after_offline_s) */
        REBOOT,
        /** a technician typed {@code restart} on the console: stopped, to be started again by systemd */
        RESTART
    }

    public Config config() {
        return config;
    }

    public Hardware hardware() {
        return hardware;
    }

    public ControlLoop loop() {
        return loop;
    }

    /**
     * Blocks until the station has stopped, or asks its owner to stop it ({@link End#REBOOT}: the owner then
     * closes it and exits with the status that makes the package reboot the board).
     */
    public End awaitEnd() throws InterruptedException {
        ended.await();
        return end;
    }

    /** Stops the loop, silences, switches every relay off, releases the hardware. Safe to call twice. */
    @Override
    public void close() {
        boolean second;
        synchronized (this) {
            second = closed;
            closed = true;
        }
        if (second) {
            awaitClosedByOther();
            return;
        }
        serviceManager.close(); // the watchdog first: stopping is not hanging
        Logger.info("station {} stopping", settings.stationId());
        if (console != null) {
            console.close();
        }
        try {
            loop.stop(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (control != null) {
            control.shutdown();
        }
        if (broadcastLog != null) {
            broadcastLog.close(); // after the loop: every ending is handed over; before the link: acks still count
        }
        if (link != null) {
            link.close();
        }
        if (hearing != null) {
            hearing.close();
        }
        hardware.close();
        if (replay != null) {
            replay.close();
        }
        if (times != null) {
            times.flush();
        }
        stateDir.close();
        Logger.info("station {} stopped; relays off", settings.stationId());
        stopped.countDown();
        ended.countDown();
    }

    /** A second close (SIGTERM during a reboot stop) returns only once the first has switched the relays off. */
    private void awaitClosedByOther() {
        try {
            stopped.await(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
