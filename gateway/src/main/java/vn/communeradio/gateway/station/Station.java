package vn.communeradio.gateway.station;

import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CountDownLatch;
import org.tinylog.Logger;
import vn.communeradio.gateway.Version;
import vn.communeradio.gateway.config.Config;
import vn.communeradio.gateway.config.ConfigKeys;
import vn.communeradio.gateway.control.ControlLoop;
import vn.communeradio.hal.audio.AudioOutputException;
import vn.communeradio.hal.audio.AudioOutputStats;
import vn.communeradio.hal.audio.AudioRenderer;
import vn.communeradio.hal.sensor.BoardReadings;

/**
 * The running service: state directory, hardware, control loop. Starting switches every relay off before
 * anything else; stopping (or a failed start) switches them off again.
 */
public final class Station implements AutoCloseable {

    static final Duration AUDIO_RETRY = Duration.ofSeconds(5);
    static final Duration WATCHDOG_KICK = Duration.ofSeconds(1);

    private final Config config;
    private final StateDirectory stateDir;
    private final Hardware hardware;
    private final ControlLoop loop = new ControlLoop();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final long startedNanos = System.nanoTime();
    private boolean audioStarted;
    private boolean closed;

    private Station(Config config, StateDirectory stateDir, Hardware hardware) {
        this.config = config;
        this.stateDir = stateDir;
        this.hardware = hardware;
    }

    /** Opens everything in a safe order; on failure releases what was opened (relays off) and throws. */
    public static Station start(Config config, HardwareFactory factory) throws StartupException {
        StateDirectory stateDir = StateDirectory.open(config.get(ConfigKeys.STATE_DIR));
        Hardware hardware;
        try {
            hardware = factory.open(config);
        } catch (StartupException | RuntimeException e) {
            stateDir.close();
            throw e;
        }
        Station station = new Station(config, stateDir, hardware);
        try {
            station.begin();
        } catch (RuntimeException e) {
            station.close();
            throw new StartupException("station could not start: " + e.getMessage(), e);
        }
        return station;
    }

    private void begin() {
        Logger.info("station {} starting, version {}, relays {} off, audio {}, watchdog {}",
                config.get(ConfigKeys.STATION_ID), Version.current(), hardware.relays().channels(),
                hardware.audio().description(), hardware.watchdog().description());
        loop.start();
        loop.post(() -> {
            startAudio();
            loop.every(WATCHDOG_KICK, hardware.watchdog()::kick);
            logStatus();
            int interval = config.get(ConfigKeys.STATUS_LOG_INTERVAL_S);
            if (interval > 0) {
                loop.every(Duration.ofSeconds(interval), this::logStatus);
            }
        });
    }

    private void startAudio() {
        try {
            hardware.audio().start(AudioRenderer.SILENCE);
            audioStarted = true;
            Logger.info("audio output {} started", hardware.audio().description());
        } catch (AudioOutputException | RuntimeException e) {
            Logger.error("audio output cannot start: {}; retrying in {} s", e.getMessage(), AUDIO_RETRY.toSeconds());
            loop.schedule(AUDIO_RETRY, this::startAudio);
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
                "status: station %s idle; relays %s; inputs %s; audio %s, %d periods, %d xruns, %d reconnects%s; "
                        + "board %s load %.2f; uptime %d s; control refused=%d failures=%d",
                config.get(ConfigKeys.STATION_ID), relays, inputs.length() == 0 ? "none" : inputs,
                audio.running() ? "running" : (audioStarted ? "stopped" : "not started"), audio.callbacks(),
                audio.xruns(), audio.reconnects(), audio.lastError() == null ? "" : " (" + audio.lastError() + ")",
                Double.isNaN(board.cpuTemperatureC()) ? "temperature unknown"
                        : String.format(java.util.Locale.ROOT, "%.1f°C", board.cpuTemperatureC()), board.load1(), Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds(),
                loop.refused(), loop.failures());
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

    /** Blocks until {@link #close()} has finished. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    /** Stops the loop, silences, switches every relay off, releases the hardware. Safe to call twice. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        Logger.info("station {} stopping", config.get(ConfigKeys.STATION_ID));
        try {
            loop.stop(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        hardware.close();
        stateDir.close();
        Logger.info("station {} stopped; relays off", config.get(ConfigKeys.STATION_ID));
        stopped.countDown();
    }
}
