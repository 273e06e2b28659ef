package vn.communeradio.tests.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A station service process configured for tests: simulated GPIO, null audio, no warm-up, its own state dir. */
public final class StationUnderTest implements AutoCloseable {

    private final String id;
    private final Path dir;
    private final Path config;
    private final Path speakers;
    private ServiceProcess process;

    public StationUnderTest(String id, Path dir, String brokerUrl, Path keysDir, String extraConfig) throws IOException {
        this(id, dir, brokerUrl, keysDir, null, extraConfig);
    }

    /**
     * The same with its speakers written to the WAV file {@code speakers} ({@link #wavSpeakers}) when not null,
     * before {@code extraConfig} (whose keys win).
     */
    public StationUnderTest(String id, Path dir, String brokerUrl, Path keysDir, Path speakers, String extraConfig)
            throws IOException {
        this(id, dir, speakers,
                simulatedConfig(id, brokerUrl, keysDir.toString(), dir.resolve("state").toString()) + """
                mqtt.keepalive_s = 5
                mqtt.reconnect_max_s = 2
                security.emergency_keys = province
                security.admin_keys = admin
                playback.idle_hold_s = 1
                status.log_interval_s = 0
                """ + (speakers == null ? "" : wavSpeakers(speakers)) + extraConfig);
    }

    private StationUnderTest(String id, Path dir, Path speakers, String configText) throws IOException {
        this.id = id;
        this.dir = Files.createDirectories(dir);
        this.speakers = speakers;
        this.config = dir.resolve("gateway.properties");
        Files.writeString(config, configText);
    }

    /**
     * A benchmark's station: {@link #simulatedConfig} and {@code extraConfig} only (not the tests' short reconnects
     * and idle hold), in {@code dir}; started with {@link #launch}.
     */
    public static StationUnderTest forBench(String id, Path dir, String brokerUrl, Path keysDir, String extraConfig)
            throws IOException {
        return new StationUnderTest(id, dir, null,
                simulatedConfig(id, brokerUrl, keysDir.toString(), dir.resolve("state").toString()) + extraConfig);
    }

    /**
     * The configuration every simulated station starts from, the tests' (the constructor adds short reconnects,
     * the emergency and admin key names, a 1 s idle hold) and the benchmarks': simulated GPIO,
     * null audio output, two zones, no amplifier warm-up, a trusted clock. Paths as the service will name them
     * (a benchmark's Debian root has its own); keys after it override its own (a later key wins).
     */
    public static String simulatedConfig(String id, String brokerUrl, String keysDir, String stateDir) {
        return """
                station.id = %s
                mqtt.url = %s
                security.keys = %s
                clock.sync_marker = always
                hal.gpio = sim
                hal.audio = null
                relay.zones = 2
                playback.warmup_ms = 0
                state.dir = %s
                """.formatted(id, brokerUrl, keysDir, stateDir);
    }

    /** The configuration line that writes the speakers' output to {@code wav} (its header exact after a clean stop). */
    public static String wavSpeakers(Path wav) {
        return "hal.audio = wav:" + wav + "\n";
    }

    public StationUnderTest start() throws IOException, InterruptedException {
        return start(Map.of());
    }

    /** Starts with extra environment variables (e.g. systemd's NOTIFY_SOCKET) and waits until it is connected. */
    public StationUnderTest start(Map<String, String> env) throws IOException, InterruptedException {
        return start(env, List.of());
    }

    /** The same through {@code launcher} (see {@link ServiceProcess#start(Path, Map, List, String...)}). */
    public StationUnderTest start(Map<String, String> env, List<String> launcher)
            throws IOException, InterruptedException {
        launch(env, launcher, List.of());
        process.awaitLine("MQTT broker .* connected", Duration.ofSeconds(30));
        return this;
    }

    /**
     * Starts the packaged jar on this configuration with the package's JVM flags ({@link ServiceJvm}) and
     * {@code jvmFlags} after them, through {@code launcher} (a CPU quota's cgroup, say), and returns at once: a
     * benchmark awaits what it measures.
     */
    public ServiceProcess launch(Map<String, String> env, List<String> launcher, List<String> jvmFlags)
            throws IOException {
        process = ServiceProcess.start(dir, env, launcher, jvmFlags, "run", "--config", config.toString());
        return process;
    }

    public String id() {
        return id;
    }

    /** The configuration file it runs with. */
    public Path config() {
        return config;
    }

    /** The WAV file its speakers are written to, or null when they are not. */
    public Path speakers() {
        return speakers;
    }

    public ServiceProcess process() {
        return process;
    }

    /** Clean stop (SIGTERM); returns the exit status. */
    public int stop() throws Exception {
        process.terminate();
        return process.awaitExit(Duration.ofSeconds(20));
    }

    @Override
    public void close() throws Exception {
        if (process != null) {
            process.close();
        }
    }
}
