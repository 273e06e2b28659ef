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
    private ServiceProcess process;

    public StationUnderTest(String id, Path dir, String brokerUrl, Path keysDir, String extraConfig) throws IOException {
        this.id = id;
        this.dir = Files.createDirectories(dir);
        this.config = dir.resolve("gateway.properties");
        Files.writeString(config, """
                station.id = %s
                mqtt.url = %s
                mqtt.keepalive_s = 5
                mqtt.reconnect_max_s = 2
                security.keys = %s
                security.emergency_keys = province
                security.admin_keys = admin
                clock.sync_marker = always
                hal.gpio = sim
                hal.audio = null
                relay.zones = 2
                playback.warmup_ms = 0
                playback.idle_hold_s = 1
                state.dir = %s
                status.log_interval_s = 0
                """.formatted(id, brokerUrl, keysDir, dir.resolve("state")) + extraConfig);
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
        process = ServiceProcess.start(dir, env, launcher, "run", "--config", config.toString());
        process.awaitLine("MQTT broker .* connected", Duration.ofSeconds(30));
        return this;
    }

    public String id() {
        return id;
    }

    /** The configuration file it runs with. */
    public Path config() {
        return config;
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
