package vn.communeradio.gateway.station;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.CountDownLatch;
import org.tinylog.Logger;
import vn.communeradio.gateway.Version;
import vn.communeradio.gateway.audio.Mixer;
import vn.communeradio.gateway.command.ClockTrust;
import vn.communeradio.gateway.command.CommandTimes;
import vn.communeradio.gateway.command.CommandVerifier;
import vn.communeradio.gateway.command.Envelope;
import vn.communeradio.gateway.command.Outcome;
import vn.communeradio.gateway.command.RateLimiter;
import vn.communeradio.gateway.command.RejectCode;
import vn.communeradio.gateway.command.Rejection;
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
import vn.communeradio.gateway.control.Ack;
import vn.communeradio.gateway.control.ControlLoop;
import vn.communeradio.gateway.control.Outbox;
import vn.communeradio.gateway.control.StationControl;
import vn.communeradio.gateway.journal.BroadcastLog;
import vn.communeradio.gateway.journal.Ending;
import vn.communeradio.gateway.journal.JournalReader;
import vn.communeradio.gateway.json.Json;
import vn.communeradio.gateway.link.LinkStats;
import vn.communeradio.gateway.link.MqttLink;
import vn.communeradio.gateway.link.Outbound;
import vn.communeradio.gateway.link.Topics;
import vn.communeradio.gateway.playback.Sounds;
import vn.communeradio.gateway.playback.StreamSettings;
import vn.communeradio.gateway.playback.StreamStats;
import vn.communeradio.gateway.source.FileCache;
import vn.communeradio.gateway.source.SourceSettings;
import vn.communeradio.gateway.supervision.HardwareWatchdogFeeder;
import vn.communeradio.gateway.supervision.Liveness;
import vn.communeradio.gateway.supervision.OfflineReboot;
import vn.communeradio.gateway.supervision.RebootCount;
import vn.communeradio.gateway.supervision.RouteTable;
import vn.communeradio.gateway.supervision.SystemdNotifier;
import vn.communeradio.gateway.supervision.SystemdWatchdog;
import vn.communeradio.gateway.update.PackageDownload;
import vn.communeradio.gateway.update.Updater;
import vn.communeradio.hal.audio.AudioOutputException;
import vn.communeradio.hal.audio.AudioOutputStats;
import vn.communeradio.hal.clock.Ticker;
import vn.communeradio.hal.sensor.BoardReadings;

/**
 * The running service: state directory, hardware, control loop. Starting switches every relay off before
 * anything else; stopping (or a failed start) switches them off again.
 */
public final class Station implements AutoCloseable {

    static final Duration AUDIO_RETRY = Duration.ofSeconds(5);
    static final Duration WATCHDOG_KICK = Duration.ofSeconds(1);
    static final Duration CLOCK_CHECKPOINT = Duration.ofMinutes(1);
    /** Inputs are polled: GPIO edge events would need a thread per provider for a once-a-day change. */
    static final Duration INPUT_POLL = Duration.ofMillis(500);
    /** Connections a package download tries (each resuming the last), 1 s apart doubling: about 15 s of outage. */
    static final int UPDATE_ATTEMPTS = 5;
    /** Rejection acks (and their log lines) a second, bursts of twice that: a flood must not be amplified. */
    static final int REJECTION_ACKS_PER_S = 20;

    private final Config config;
    private final StateDirectory stateDir;
    private final Hardware hardware;
    private final ControlLoop loop;
    private final Mixer mixer;
    private final Map<String, String> environment;
    private final SystemdNotifier systemd;
    private SystemdWatchdog systemdWatchdog;
    private StationClock clock;
    private CommandTimes times;
    private ClockTrust clockTrust;
    private ReplayWindow replay;
    private CommandVerifier verifier;
    private StationControl control;
    private Sounds sounds;
    private Map<String, Boolean> lastInputs;
    private MqttLink link;
    private BroadcastLog broadcastLog;
    private final ConsoleAcks consoleAcks = new ConsoleAcks();
    private ConsoleServer console;
    private volatile byte[] latestState;
    private final RateLimiter rejectionAcks;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile End end = End.STOPPED;
    private final long startedNanos;
    /** Set on the loop once the output runs; read by the console's status on its own thread. */
    private volatile boolean audioStarted;
    private boolean closed;

    private Station(Config config, StateDirectory stateDir, Hardware hardware, Map<String, String> environment) {
        this.config = config;
        this.stateDir = stateDir;
        this.hardware = hardware;
        this.loop = new ControlLoop(hardware.clocks().ticker());
        this.rejectionAcks = new RateLimiter(REJECTION_ACKS_PER_S, hardware.clocks().ticker()::nanos);
        this.startedNanos = hardware.clocks().ticker().nanos();
        this.mixer = new Mixer(2, config.get(ConfigKeys.AUDIO_SAMPLE_RATE));
        this.environment = Map.copyOf(environment);
        this.systemd = SystemdNotifier.fromEnvironment(environment).orElse(null);
    }

    /** Opens everything in a safe order; on failure releases what was opened (relays off) and throws. */
    public static Station start(Config config, HardwareFactory factory) throws StartupException {
        return start(config, factory, Map.of());
    }

    /**
     * As {@link #start(Config, HardwareFactory)}, under a supervisor described by {@code environment}: systemd's
     * {@code NOTIFY_SOCKET} and {@code WATCHDOG_USEC} (see docs/supervision.md).
     */
    public static Station start(Config config, HardwareFactory factory, Map<String, String> environment)
            throws StartupException {
        StateDirectory stateDir = StateDirectory.open(config.get(ConfigKeys.STATE_DIR));
        Hardware hardware;
        try {
            hardware = factory.open(config);
        } catch (StartupException | RuntimeException e) {
            stateDir.close();
            throw e;
        }
        Station station = new Station(config, stateDir, hardware, environment);
        try {
            station.begin();
        } catch (IOException | RuntimeException e) {
            station.close();
            throw new StartupException("station could not start: " + e.getMessage(), e);
        }
        return station;
    }

    private void begin() throws IOException {
        String stationId = config.get(ConfigKeys.STATION_ID);
        Logger.info("station {} starting, version {}, relays {} off, audio {}, watchdog {}",
                stationId, Version.running(), hardware.relays().channels(),
                hardware.audio().description(), hardware.watchdog().description());
        Path state = stateDir.path();
        int skew = config.get(ConfigKeys.SECURITY_CLOCK_SKEW_S);
        clockTrust = ClockTrust.forConfig(config.get(ConfigKeys.CLOCK_SYNC_MARKER), state);
        Ticker ticker = hardware.clocks().ticker();
        clock = new StationClock(hardware.clocks().wall(), ticker::nanos, clockTrust::synchronisedByNtp, clockTrust,
                state);
        times = new CommandTimes(clock, new SenderClocks(state, ticker::nanos), skew);
        TrustedKeys keys = new TrustedKeys(config.get(ConfigKeys.SECURITY_KEYS), state,
                Set.copyOf(config.get(ConfigKeys.SECURITY_EMERGENCY_KEYS)),
                Set.copyOf(config.get(ConfigKeys.SECURITY_ADMIN_KEYS)),
                Set.copyOf(config.get(ConfigKeys.SECURITY_UPDATE_KEYS)));
        replay = new ReplayWindow(state, skew, ReplayWindow.DEFAULT_CAPACITY);
        verifier = new CommandVerifier(keys, replay, times, stationId, config.get(ConfigKeys.STATION_GROUPS),
                config.get(ConfigKeys.SECURITY_MAX_COMMAND_BYTES), config.get(ConfigKeys.SECURITY_MAX_COMMANDS_PER_S));
        Outbox outbox = new Outbox() {
            @Override
            public void ack(String json) {
                consoleAcks.offer(json);
                link.publish(new Outbound(Outbound.Kind.ACK, link.topics().ack(), utf8(json), 1, false));
            }

            @Override
            public void state(String json) {
                latestState = utf8(json);
                link.publishState(latestState);
            }
        };
        sounds = new Sounds(streamSettings(), this::sampleRate, mixer.channels(),
                new FileCache(state.resolve(FileCache.DIRECTORY), config.get(ConfigKeys.CACHE_MAX_MB) * 1024L * 1024L,
                        ticker::nanos));
        control = StationControl.create(config, loop, hardware.relays(), mixer, sounds, keys, outbox, clock);
        control.inputs(hardware.inputs()::read);
        latestState = utf8(Json.write(control.state(true)));
        link = new MqttLink(linkSettings(stationId), this::commandArrived, () -> latestState,
                () -> utf8(Json.write(offlineState())));
        broadcastLog = openBroadcastLog(state, stationId);
        control.journal(broadcastLog);
        Updater updater = updater(state, stationId, outbox);
        control.updates(updater);
        link.onConnected(broadcastLog::connected);
        loop.start();
        link.start();
        broadcastLog.start();
        startConsole(keys, stationId);
        loop.post(() -> {
            startAudio();
            updater.start();
            broadcastLog.resumable().forEach(control::resume);
            loop.every(WATCHDOG_KICK, new HardwareWatchdogFeeder(hardware.watchdog(), hardware.audio(), WATCHDOG_KICK));
            loop.every(CLOCK_CHECKPOINT, times::checkpoint);
            superviseOffline();
            loop.every(INPUT_POLL, this::pollInputs);
            int telemetry = config.get(ConfigKeys.TELEMETRY_INTERVAL_S);
            if (telemetry > 0) {
                loop.every(Duration.ofSeconds(telemetry), this::publishTelemetry);
            }
            logStatus();
            int interval = config.get(ConfigKeys.STATUS_LOG_INTERVAL_S);
            if (interval > 0) {
                loop.every(Duration.ofSeconds(interval), this::logStatus);
            }
        });
    }

    /** Remote updates: downloads into state.dir/update, hands over to the package's root step (docs/operations.md). */
    private Updater updater(Path state, String stationId, Outbox outbox) {
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
        SourceSettings download = SourceSettings.defaults()
                .withConnectTimeout(Duration.ofSeconds(config.get(ConfigKeys.STREAM_CONNECT_TIMEOUT_S)))
                .withStallTimeout(Duration.ofSeconds(config.get(ConfigKeys.STREAM_STALL_S)));
        return new Updater(state, stationId, Version.running(), loop, outbox::ack, records, control::importantOn,
                () -> link.isConnected() && audioStarted && hardware.audio().stats().running(), clock::nowMillis,
                new PackageDownload(Updater.directory(state), config.get(ConfigKeys.UPDATE_MAX_MB) * 1024L * 1024L,
                        download, UPDATE_ATTEMPTS, Duration.ofSeconds(1)),
                config.get(ConfigKeys.UPDATE_HEALTH_TIMEOUT_S), () -> control.publishState());
    }

    /**
     * The technician console's socket. A console that cannot start is logged, never fatal: the station's first
     * duty is to play.
     */
    private void startConsole(TrustedKeys keys, String stationId) {
        ConsoleContext context = new ConsoleContext(config, loop, control, keys, this::publishedState, link::stats,
                link.topics().subscriptions(), this::health,
                () -> Duration.ofNanos(loop.ticker().nanos() - startedNanos).toSeconds(), clock::nowMillis,
                clockTrust::reason, consoleAcks,
                this::restart);
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
        } catch (vn.communeradio.gateway.json.JsonException e) {
            throw new IllegalStateException("the station's own state is not JSON", e);
        }
    }

    private List<String> health() {
        AudioOutputStats audio = hardware.audio().stats();
        BoardReadings board = hardware.sensors().read();
        return List.of(
                String.format(java.util.Locale.ROOT, "audio: %s %s, %d periods, %d xruns, %d reconnects%s",
                        hardware.audio().description(),
                        audio.running() ? "running" : (audioStarted ? "STOPPED" : "not started"), audio.callbacks(),
                        audio.xruns(), audio.reconnects(), audio.lastError() == null ? "" : " (" + audio.lastError() + ")"),
                "streams: " + streams(),
                "board: " + (Double.isNaN(board.cpuTemperatureC()) ? "temperature unknown"
                        : String.format(java.util.Locale.ROOT, "%.1f C", board.cpuTemperatureC()))
                        + String.format(java.util.Locale.ROOT, ", load %.2f", board.load1()));
    }

    /** Stops cleanly on another thread (the console that asked gets its answer first), ending {@link End#RESTART}. */
    private void restart() {
        end = End.RESTART;
        Thread t = new Thread(this::close, "restart");
        t.start();
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
        return BroadcastLog.open(state.resolve(BroadcastLog.DIRECTORY), stationId, config.get(ConfigKeys.JOURNAL_MAX_KB) * 1024L,
                logLink, clock::nowMillis);
    }

    private MqttLink.Settings linkSettings(String stationId) {
        return new MqttLink.Settings(config.get(ConfigKeys.MQTT_URL), "commune-radio-" + stationId,
                new Topics(config.get(ConfigKeys.MQTT_PREFIX), stationId, config.get(ConfigKeys.STATION_GROUPS)),
                config.get(ConfigKeys.MQTT_KEEPALIVE_S), config.get(ConfigKeys.MQTT_USERNAME),
                config.get(ConfigKeys.MQTT_PASSWORD), optionalPath(ConfigKeys.MQTT_TLS_CA),
                optionalPath(ConfigKeys.MQTT_TLS_CERT), optionalPath(ConfigKeys.MQTT_TLS_KEY),
                Duration.ofSeconds(config.get(ConfigKeys.MQTT_RECONNECT_MAX_S)), config.get(ConfigKeys.MQTT_QUEUE),
                config.get(ConfigKeys.MQTT_VERSION));
    }

    private Path optionalPath(vn.communeradio.gateway.config.Key<String> key) {
        String value = config.get(key);
        return value.isEmpty() ? null : Path.of(value);
    }

    private StreamSettings streamSettings() {
        return new StreamSettings(Duration.ofMillis(config.get(ConfigKeys.STREAM_BUFFER_MS)),
                Duration.ofMillis(config.get(ConfigKeys.STREAM_BUFFER_MAX_MS)),
                Duration.ofSeconds(config.get(ConfigKeys.STREAM_RETRY_WINDOW_S)),
                Duration.ofSeconds(config.get(ConfigKeys.STREAM_REPROBE_S)), StreamSettings.FIRST_AUDIO,
                Duration.ofSeconds(config.get(ConfigKeys.STREAM_RECONNECT_MAX_S)),
                SourceSettings.defaults()
                        .withConnectTimeout(Duration.ofSeconds(config.get(ConfigKeys.STREAM_CONNECT_TIMEOUT_S)))
                        .withStallTimeout(Duration.ofSeconds(config.get(ConfigKeys.STREAM_STALL_S))));
    }

    /** The output's rate once it runs (JACK imposes its server's); the configured one before. */
    private int sampleRate() {
        return audioStarted ? hardware.audio().format().sampleRate() : config.get(ConfigKeys.AUDIO_SAMPLE_RATE);
    }

    /** On Paho's thread: verify here (cheap, bounded), execute on the control loop. */
    private void commandArrived(String target, byte[] payload, boolean retained) {
        Outcome outcome = verifier.verify(payload, target, retained);
        if (outcome instanceof Outcome.Rejected rejected) {
            Rejection r = rejected.rejection();
            // in a flood, an ack and a log line for every refused message would amplify it: a burst, then a few
            // a second say enough; telemetry's commands.rejected counts them all
            if (!rejectionAcks.tryAcquire()) {
                return;
            }
            Logger.info("command {} on {} rejected {}: {}", r.jti(), target, r.code().wire(), r.reason());
            link.publish(new Outbound(Outbound.Kind.ACK, link.topics().ack(),
                    utf8(Ack.rejected(config.get(ConfigKeys.STATION_ID), r, clock.nowMillis())), 1, false));
        } else if (outcome instanceof Outcome.Accepted accepted) {
            Envelope envelope = accepted.envelope();
            if (envelope.iatAheadS() > 0) {
                Logger.info("command {} {} from key {} on {}; its iat is {} s ahead of this station's clock (not "
                        + "synchronised): the sender's clock is ahead, or this station's behind", envelope.jti(),
                        envelope.cmd(), envelope.kid(), target, envelope.iatAheadS());
            } else {
                Logger.info("command {} {} from key {} on {}", envelope.jti(), envelope.cmd(), envelope.kid(), target);
            }
            if (!loop.post(() -> control.execute(accepted.envelope(), accepted.command()))) {
                link.publish(new Outbound(Outbound.Kind.ACK, link.topics().ack(), utf8(Ack.rejected(
                        config.get(ConfigKeys.STATION_ID), new Rejection(accepted.envelope().jti(),
                                RejectCode.RATE_LIMITED, "station busy: control queue full"), clock.nowMillis())),
                        1, false));
            }
        }
    }

    private Map<String, Object> offlineState() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("station", config.get(ConfigKeys.STATION_ID));
        state.put("online", false);
        state.put("version", Version.running());
        state.put("ts", clock.nowMillis());
        return state;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private void startAudio() {
        try {
            hardware.audio().start(mixer);
            audioStarted = true;
            Logger.info("audio output {} started", hardware.audio().description());
            ready();
        } catch (AudioOutputException | RuntimeException e) {
            Logger.error("audio output cannot start: {}; retrying in {} s", e.getMessage(), AUDIO_RETRY.toSeconds());
            notifySystemd("STATUS=audio output cannot start: " + e.getMessage());
            loop.schedule(AUDIO_RETRY, this::startAudio);
        }
    }

    /**
     * The station is up (control loop turning, audio output open): systemd may consider the start done, and its
     * watchdog is pinged from now on while both stay alive. Not waiting for the broker: offline, the station still
     * plays its schedule.
     */
    private void ready() {
        if (systemd == null) {
            return;
        }
        systemd.send("READY=1\nSTATUS=station " + config.get(ConfigKeys.STATION_ID) + " running");
        SystemdWatchdog.period(environment, ProcessHandle.current().pid()).ifPresent(period -> {
            synchronized (this) {
                if (!closed) {
                    systemdWatchdog = new SystemdWatchdog(systemd, Liveness.of(loop, hardware.audio()), period);
                    systemdWatchdog.start();
                }
            }
        });
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

    private void superviseOffline() {
        int seconds = config.get(ConfigKeys.LINK_REBOOT_AFTER_OFFLINE_S);
        if (seconds == 0) {
            return;
        }
        RouteTable routes = new RouteTable(config.get(ConfigKeys.LINK_ROUTE_TABLES));
        RebootCount rebootsInARow = RebootCount.open(stateDir.path());
        OfflineReboot policy = new OfflineReboot(Duration.ofSeconds(seconds), rebootsInARow.value(),
                routes::defaultRoute, routes.files().toString());
        if (rebootsInARow.value() > 0) {
            Logger.warn("the last {} run(s) ended in an offline reboot without reaching the broker; the next one "
                    + "waits {} min", rebootsInARow.value(), policy.after().toMinutes());
        }
        ControlLoop.Timer[] timer = new ControlLoop.Timer[1];
        timer[0] = loop.every(policy.checkInterval(), () -> {
            Duration offline = link.offlineFor();
            if (offline.isZero()) {
                rebootsInARow.reset();
            }
            String reason = policy.check(offline, control.emergencyOn());
            if (reason != null) {
                timer[0].cancel();
                rebootsInARow.increment();
                Logger.error("{}; stopping with status 75 so that the board reboots "
                        + "(link.reboot_after_offline_s = {}, {} in a row)", reason, seconds, rebootsInARow.value());
                notifySystemd("STATUS=rebooting: " + reason);
                end = End.REBOOT;
                ended.countDown(); // the owner (Main) closes the station: relays off, journal saved
            }
        });
    }

    private void notifySystemd(String message) {
        if (systemd != null) {
            systemd.send(message);
        }
    }

    /** One line a technician can read: what the station is doing and how its parts are. */
    public String statusLine() {
        StringJoiner relays = new StringJoiner(" ");
        for (String channel : hardware.relays().channels()) {
            relays.add(channel + "=" + (hardware.relays().isOn(channel) ? "on" : "off"));
        }
        StringJoiner inputs = new StringJoiner(" ");
        for (Map.Entry<String, Boolean> input : hardware.inputs().read().entrySet()) {
            inputs.add(input.getKey() + "=" + (input.getValue() ? "active" : "inactive"));
        }
        AudioOutputStats audio = hardware.audio().stats();
        BoardReadings board = hardware.sensors().read();
        return String.format(java.util.Locale.ROOT,
                "status: station %s %s; relays %s; inputs %s; audio %s, %d periods, %d xruns, %d reconnects%s; "
                        + "streams %s; mqtt %s; "
                        + "board %s load %.2f; uptime %d s; control refused=%d failures=%d",
                config.get(ConfigKeys.STATION_ID), playing(), relays, inputs.length() == 0 ? "none" : inputs,
                audio.running() ? "running" : (audioStarted ? "stopped" : "not started"), audio.callbacks(),
                audio.xruns(), audio.reconnects(), audio.lastError() == null ? "" : " (" + audio.lastError() + ")",
                streams(), mqtt(),
                Double.isNaN(board.cpuTemperatureC()) ? "temperature unknown"
                        : String.format(java.util.Locale.ROOT, "%.1f°C", board.cpuTemperatureC()), board.load1(), Duration.ofNanos(loop.ticker().nanos() - startedNanos).toSeconds(),
                loop.refused(), loop.failures());
    }

    private String playing() {
        Object playing = control.state(true).get("playing");
        if (!(playing instanceof Map<?, ?> p)) {
            return "idle";
        }
        String health = control.soundHealth();
        return "playing " + p.get("session") + " (" + p.get("priority") + ")" + (health.isEmpty() ? "" : ", " + health);
    }

    private String streams() {
        StreamStats.Snapshot s = sounds.stats().snapshot();
        return s.connects() + " connects, " + s.drops() + " drops, " + s.failovers() + " failovers, "
                + s.decodeErrors() + " decode errors, " + s.underruns() + " underruns; callback p99 "
                + mixer.timer().percentileNanos(0.99) / 1000 + " us, max " + mixer.timer().maxNanos() / 1000 + " us";
    }

    private String mqtt() {
        LinkStats s = link.stats();
        return (s.connected() ? "connected" : "disconnected" + (s.lastError() == null ? "" : " (" + s.lastError() + ")"))
                + ", " + s.received() + " received, " + s.queued() + " queued, " + s.dropped() + " dropped";
    }

    /** A change of an input (mains lost, door opened) is logged and published in the state at once. */
    private void pollInputs() {
        Map<String, Boolean> now = hardware.inputs().read();
        if (!now.equals(lastInputs)) {
            if (lastInputs != null) {
                now.forEach((name, active) -> {
                    if (!active.equals(lastInputs.get(name))) {
                        Logger.info("input {} is now {}", name, active ? "active" : "inactive");
                    }
                });
                control.publishState();
            }
            lastInputs = now;
        }
    }

    private void publishTelemetry() {
        Map<String, Object> t = Telemetry.of(config.get(ConfigKeys.STATION_ID), clock.nowMillis(),
                Duration.ofNanos(loop.ticker().nanos() - startedNanos).toSeconds(), hardware.sensors().read(),
                hardware.audio().stats(), mixer, sounds.stats().snapshot(), link.stats(), verifier,
                hardware.inputs().read(), loop);
        link.publish(new Outbound(Outbound.Kind.TELEMETRY, link.topics().telemetry(), utf8(Json.write(t)), 0, false));
    }

    private void logStatus() {
        Logger.info(statusLine());
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
            if (systemdWatchdog != null) {
                systemdWatchdog.close(); // stopping is not hanging
            }
        }
        if (second) {
            awaitClosedByOther();
            return;
        }
        notifySystemd("STOPPING=1");
        Logger.info("station {} stopping", config.get(ConfigKeys.STATION_ID));
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
        hardware.close();
        if (replay != null) {
            replay.close();
        }
        if (clock != null) {
            clock.flush();
        }
        stateDir.close();
        Logger.info("station {} stopped; relays off", config.get(ConfigKeys.STATION_ID));
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
