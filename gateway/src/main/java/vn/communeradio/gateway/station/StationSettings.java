package vn.communeradio.gateway.station;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import vn.communeradio.gateway.config.Config;
import vn.communeradio.gateway.config.ConfigKeys;
import vn.communeradio.gateway.control.PlaybackSettings;
import vn.communeradio.gateway.hearing.HearingSettings;
import vn.communeradio.gateway.link.MqttLink;
import vn.communeradio.gateway.link.Topics;
import vn.communeradio.gateway.playback.StreamSettings;
import vn.communeradio.gateway.schedule.ScheduleSettings;
import vn.communeradio.gateway.source.SourceSettings;

/**
 * Every part's settings, read from the configuration here and nowhere else in the service: the parts get records
 * ({@link PlaybackSettings}, {@link StreamSettings}, {@link ScheduleSettings}, {@link MqttLink.Settings}...) or plain
 * values, never the {@link Config} itself. (The console, whose job is the configuration, and the hardware factory,
 * which reads {@code hal.*}, are the exceptions.)
 */
final class StationSettings {

    private final Config config;

    StationSettings(Config config) {
        this.config = config;
    }

    String stationId() {
        return config.get(ConfigKeys.STATION_ID);
    }

    Path stateDir() {
        return config.get(ConfigKeys.STATE_DIR);
    }

    /** The rate of the outputs that take one (JACK imposes its server's). */
    int sampleRate() {
        return config.get(ConfigKeys.AUDIO_SAMPLE_RATE);
    }

    /** When a session counts as heard by the sense input. */
    HearingSettings hearing() {
        return new HearingSettings(config.get(ConfigKeys.HEARING_MIN_LEVEL_DB), config.get(ConfigKeys.HEARING_MIN_MATCH));
    }

    String clockSyncMarker() {
        return config.get(ConfigKeys.CLOCK_SYNC_MARKER);
    }

    int clockSkewS() {
        return config.get(ConfigKeys.SECURITY_CLOCK_SKEW_S);
    }

    Path keysDir() {
        return config.get(ConfigKeys.SECURITY_KEYS);
    }

    Set<String> emergencyKeys() {
        return Set.copyOf(config.get(ConfigKeys.SECURITY_EMERGENCY_KEYS));
    }

    Set<String> adminKeys() {
        return Set.copyOf(config.get(ConfigKeys.SECURITY_ADMIN_KEYS));
    }

    Set<String> updateKeys() {
        return Set.copyOf(config.get(ConfigKeys.SECURITY_UPDATE_KEYS));
    }

    List<String> groups() {
        return config.get(ConfigKeys.STATION_GROUPS);
    }

    int maxCommandBytes() {
        return config.get(ConfigKeys.SECURITY_MAX_COMMAND_BYTES);
    }

    int maxCommandsPerS() {
        return config.get(ConfigKeys.SECURITY_MAX_COMMANDS_PER_S);
    }

    long cacheBytes() {
        return config.get(ConfigKeys.CACHE_MAX_MB) * 1024L * 1024L;
    }

    long journalBytes() {
        return config.get(ConfigKeys.JOURNAL_MAX_KB) * 1024L;
    }

    long updateBytes() {
        return config.get(ConfigKeys.UPDATE_MAX_MB) * 1024L * 1024L;
    }

    int updateHealthTimeoutS() {
        return config.get(ConfigKeys.UPDATE_HEALTH_TIMEOUT_S);
    }

    /** Zero: no telemetry. */
    Duration telemetryInterval() {
        return Duration.ofSeconds(config.get(ConfigKeys.TELEMETRY_INTERVAL_S));
    }

    /** Zero: a status line at start only. */
    Duration statusLogInterval() {
        return Duration.ofSeconds(config.get(ConfigKeys.STATUS_LOG_INTERVAL_S));
    }

    /** Zero: never. */
    Duration rebootAfterOffline() {
        return Duration.ofSeconds(config.get(ConfigKeys.LINK_REBOOT_AFTER_OFFLINE_S));
    }

    List<Path> routeTables() {
        return config.get(ConfigKeys.LINK_ROUTE_TABLES);
    }

    PlaybackSettings playback() {
        return new PlaybackSettings(Duration.ofMillis(config.get(ConfigKeys.PLAYBACK_WARMUP_MS)),
                Duration.ofSeconds(config.get(ConfigKeys.PLAYBACK_IDLE_HOLD_S)),
                config.get(ConfigKeys.PLAYBACK_DEFAULT_VOLUME), config.get(ConfigKeys.PLAYBACK_EMERGENCY_VOLUME),
                Duration.ofMillis(config.get(ConfigKeys.RELAY_MIN_INTERVAL_MS)),
                Duration.ofSeconds(config.get(ConfigKeys.RELAY_MAX_ON_S)));
    }

    ScheduleSettings schedule() {
        return new ScheduleSettings(config.get(ConfigKeys.SCHEDULE_TIME_ZONE),
                config.get(ConfigKeys.SCHEDULE_REQUIRE_SYNCED_CLOCK),
                Duration.ofSeconds(config.get(ConfigKeys.SCHEDULE_LATE_GRACE_S)),
                Duration.ofHours(config.get(ConfigKeys.SCHEDULE_PREFETCH_H)));
    }

    /** How whole files are fetched: schedule prefetches, update packages. */
    SourceSettings downloads() {
        return SourceSettings.defaults()
                .withConnectTimeout(Duration.ofSeconds(config.get(ConfigKeys.STREAM_CONNECT_TIMEOUT_S)))
                .withStallTimeout(Duration.ofSeconds(config.get(ConfigKeys.STREAM_STALL_S)));
    }

    StreamSettings streams() {
        return new StreamSettings(Duration.ofMillis(config.get(ConfigKeys.STREAM_BUFFER_MS)),
                Duration.ofMillis(config.get(ConfigKeys.STREAM_BUFFER_MAX_MS)),
                Duration.ofSeconds(config.get(ConfigKeys.STREAM_RETRY_WINDOW_S)),
                Duration.ofSeconds(config.get(ConfigKeys.STREAM_REPROBE_S)), StreamSettings.FIRST_AUDIO,
                Duration.ofSeconds(config.get(ConfigKeys.STREAM_RECONNECT_MAX_S)), downloads());
    }

    MqttLink.Settings link() {
        return new MqttLink.Settings(config.get(ConfigKeys.MQTT_URL), "commune-radio-" + stationId(),
                new Topics(config.get(ConfigKeys.MQTT_PREFIX), stationId(), groups()),
                config.get(ConfigKeys.MQTT_KEEPALIVE_S), config.get(ConfigKeys.MQTT_USERNAME),
                config.get(ConfigKeys.MQTT_PASSWORD), optionalPath(config.get(ConfigKeys.MQTT_TLS_CA)),
                optionalPath(config.get(ConfigKeys.MQTT_TLS_CERT)), optionalPath(config.get(ConfigKeys.MQTT_TLS_KEY)),
                Duration.ofSeconds(config.get(ConfigKeys.MQTT_RECONNECT_MAX_S)), config.get(ConfigKeys.MQTT_QUEUE),
                config.get(ConfigKeys.MQTT_VERSION));
    }

    private static Path optionalPath(String value) {
        return value.isEmpty() ? null : Path.of(value);
    }
}
