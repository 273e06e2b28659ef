package vn.communeradio.gateway.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import vn.communeradio.hal.audio.CaptureLayout;
import vn.communeradio.hal.gpio.Pi4jGpio;

/**
 * Every configuration key the service knows: the one place where names, defaults and accepted values are
 * written down, each key registered as it is declared (no list to keep by hand). {@code docs/configuration.md} is checked against this table by a test.
 */
public final class ConfigKeys {

    private ConfigKeys() {
    }

    /** Every key in declaration order, which is the documentation's: each registers itself as it is declared. */
    private static final List<Key<?>> DECLARED = new ArrayList<>();

    /** The zone count's upper bound; also the number of default zone pins below. */
    public static final int MAX_ZONES = 8;
    /** Default BCM lines of the reference relay board: amplifier, then zones 1..8. */
    static final int[] DEFAULT_PINS = {17, 27, 22, 23, 24, 25, 5, 6, 13};

    // station
    public static final Key<String> STATION_ID = key("station.id", null,
            "1-64 characters of A-Z a-z 0-9 . _ -",
            "This station's id: its MQTT topics are {prefix}/station/{id}/...", Parsers::id);
    public static final Key<List<String>> STATION_GROUPS = key("station.groups", "",
            "comma-separated group ids (1-64 characters of A-Z a-z 0-9 . _ - each)",
            "Groups this station belongs to (commune, district, province...); it obeys their cmd topics",
            Parsers::idList);

    // MQTT
    public static final Key<URI> MQTT_URL = key("mqtt.url", null,
            "tcp://HOST[:PORT] or ssl://HOST[:PORT]", "The MQTT broker", Parsers::mqttUrl);
    public static final Key<String> MQTT_PREFIX = key("mqtt.prefix", "communeradio/v1",
            "a topic prefix without wildcards or leading/trailing '/'", "Prefix of every topic", Parsers::topicPrefix);

    // MQTT link details
    public static final Key<Integer> MQTT_KEEPALIVE_S = key("mqtt.keepalive_s", "30", "5..3600",
            "MQTT keepalive; a dead station shows online:false within about 1.5 times this", Parsers.intRange(5, 3600));
    public static final Key<Integer> MQTT_VERSION = key("mqtt.version", "5", "5 or 3 (MQTT 3.1.1)",
            "MQTT protocol version", text -> {
                int v = Integer.parseInt(text);
                if (v != 5 && v != 3) {
                    throw new IllegalArgumentException("");
                }
                return v;
            });
    public static final Key<String> MQTT_USERNAME = key("mqtt.username", "", "text, empty for none",
            "MQTT user name", Parsers::text);
    public static final Key<String> MQTT_PASSWORD = key("mqtt.password", "", "text, empty for none",
            "MQTT password", Parsers::text);
    public static final Key<String> MQTT_TLS_CA = key("mqtt.tls.ca", "", "a PEM file path, empty for the JVM's CAs",
            "CA certificate(s) that sign the broker's certificate (ssl:// only)", Parsers::text);
    public static final Key<String> MQTT_TLS_CERT = key("mqtt.tls.cert", "", "a PEM file path, empty for none",
            "Client certificate for brokers that require one (ssl:// only)", Parsers::text);
    public static final Key<String> MQTT_TLS_KEY = key("mqtt.tls.key", "", "a PEM PKCS#8 private key path",
            "Private key of mqtt.tls.cert", Parsers::text);
    public static final Key<Integer> MQTT_RECONNECT_MAX_S = key("mqtt.reconnect_max_s", "120", "1..3600",
            "Longest wait between connection attempts (exponential backoff with jitter up to this)",
            Parsers.intRange(1, 3600));
    public static final Key<Integer> MQTT_QUEUE = key("mqtt.queue", "1000", "10..100000",
            "Outbound messages held while the broker is away; beyond, the oldest telemetry goes first, counted",
            Parsers.intRange(10, 100_000));

    // supervision
    public static final Key<Integer> LINK_REBOOT_AFTER_OFFLINE_S = key("link.reboot_after_offline_s", "1800",
            "0 (never) or 5..604800", "When the broker has been unreachable this long and the board has no default "
                    + "route (a wedged 4G modem), the service stops with status 75 and the package reboots the board; "
                    + "never during an emergency; each reboot in a row without reaching the broker doubles the wait, "
                    + "up to a day", text -> {
                int seconds = Parsers.intRange(0, 604_800).apply(text);
                if (seconds > 0 && seconds < 5) {
                    throw new IllegalArgumentException("");
                }
                return seconds;
            });
    public static final Key<List<Path>> LINK_ROUTE_TABLES = key("link.route_tables",
            "/proc/net/route,/proc/net/ipv6_route", "comma-separated files in the format of /proc/net/route or "
                    + "/proc/net/ipv6_route", "Where link.reboot_after_offline_s looks for a default route; tests "
                    + "point it at files of their own", Parsers::pathList);

    // security
    public static final Key<Path> SECURITY_KEYS = key("security.keys", "/etc/commune-radio/keys",
            "a directory path", "Directory of trusted Ed25519 public keys, one <kid>.pem file each", Parsers::path);
    public static final Key<List<String>> SECURITY_EMERGENCY_KEYS = key("security.emergency_keys", "",
            "comma-separated key ids", "Key ids allowed to send emergency commands", Parsers::idList);

    public static final Key<List<String>> SECURITY_ADMIN_KEYS = key("security.admin_keys", "",
            "comma-separated key ids", "Key ids allowed to send keys commands (add or revoke trusted keys)",
            Parsers::idList);
    public static final Key<List<String>> SECURITY_UPDATE_KEYS = key("security.update_keys", "",
            "comma-separated key ids", "Key ids allowed to send update commands (install a new version of this "
                    + "software, which runs as root); only key files in security.keys, never keys added by command",
            Parsers::idList);
    public static final Key<Integer> SECURITY_CLOCK_SKEW_S = key("security.clock_skew_s", "30", "0..3600",
            "Allowed clock difference when checking a command's iat and exp", Parsers.intRange(0, 3600));
    public static final Key<Integer> SECURITY_MAX_COMMAND_BYTES = key("security.max_command_bytes", "16384",
            "1024..1048576", "Largest command payload accepted; larger ones are rejected too_large",
            Parsers.intRange(1024, 1_048_576));
    public static final Key<Integer> SECURITY_MAX_COMMANDS_PER_S = key("security.max_commands_per_s", "50",
            "1..100000", "Commands verified per second before the excess is rejected rate_limited",
            Parsers.intRange(1, 100_000));
    public static final Key<String> CLOCK_SYNC_MARKER = key("clock.sync_marker", "auto",
            "'auto', 'always', or a file path",
            "When the system clock is believed, until the next reboot: 'auto' once the kernel says an NTP client "
                    + "synchronised it (timesyncd, chrony, ntpd; what timedatectl shows) or timesyncd's marker "
                    + "exists, or once it was set after boot; a file path: once that file exists, or the clock "
                    + "was set; 'always': as it is (a board with a real-time clock)",
            Parsers::text);

    // hardware
    public static final Key<GpioMode> HAL_GPIO = key("hal.gpio", "sim", "sim or pi4j",
            "Relays and inputs: in memory (sim) or real GPIO through Pi4J (pi4j)", Parsers::gpioMode);
    public static final Key<Pi4jGpio.Provider> HAL_GPIO_PROVIDER = key("hal.gpio.provider", "gpiod",
            "gpiod or linuxfs", "Pi4J GPIO provider when hal.gpio=pi4j", Parsers::gpioProvider);
    public static final Key<AudioSpec> HAL_AUDIO = key("hal.audio", "null",
            "null, wav:PATH, jack or javasound", "The audio output", Parsers::audio);
    public static final Key<AudioInputMode> HAL_AUDIO_IN = key("hal.audio_in", "none", "none, jack, javasound or sim",
            "The audio input, read in the output's own callback (one clock): jack, capture ports in_1..in_N on the "
                    + "output's client (hal.audio=jack; N the larger of audio.line_channel and audio.sense_channel); "
                    + "javasound, a capture line of audio.javasound.input_device (hal.audio=javasound); sim, a "
                    + "simulated station's line (channel 1) and sense microphone (channel 2, hearing the output "
                    + "through the zones whose relays are on: hal.sim.*; hal.gpio=sim and hal.audio=null or wav:PATH)",
            Parsers::audioInput);
    public static final Key<ClockSpec> HAL_CLOCK = key("hal.clock", "system", "system or sim:INSTANT (ISO-8601, "
            + "e.g. sim:2026-06-12T00:59:50Z)", "The wall clock: the system's; or, for a simulated station (hal.gpio=sim: "
            + "demos, tests), one that reads INSTANT when the service starts and runs in real time from there, so that "
            + "a schedule's minute comes without waiting for it", Parsers::clock);
    public static final Key<String> HAL_WATCHDOG = key("hal.watchdog", "none",
            "none or a device path such as /dev/watchdog",
            "Hardware watchdog kicked by the control loop while it and the audio output are alive", Parsers::watchdog);

    // simulated input (hal.audio_in=sim)
    public static final Key<List<Double>> HAL_SIM_ZONE_GAINS = key("hal.sim.zone_gains", "",
            "comma-separated gains 0..10 from zone 1 on, at most relay.zones of them; empty for 1.0 each",
            "Simulated input: how loud each zone is at the sense microphone (1.0 the output's level, 0 a dead zone); "
                    + "zones not listed 1.0; the zones whose amp and zone relays are on add up", Parsers::gains);
    public static final Key<Integer> HAL_SIM_SENSE_DELAY_MS = key("hal.sim.sense_delay_ms", "40", "0..2000",
            "Simulated input: time from playing a sample to hearing it at the sense microphone (at least one period)",
            Parsers.intRange(0, 2000));
    public static final Key<FrequencyBand> HAL_SIM_SENSE_BAND = key("hal.sim.sense_band", "300-5000",
            "LOW-HIGH in Hz, 1 <= LOW < HIGH <= 24000", "Simulated input: a horn's band at the sense microphone, two "
                    + "second-order Butterworth high-pass sections at LOW and two low-pass at HIGH (a HIGH at or above "
                    + "0.45 × the sample rate is left unfiltered)", Parsers::band);
    public static final Key<Integer> HAL_SIM_NOISE_DB = key("hal.sim.noise_db", "-60", "-150..0",
            "Simulated input: background noise at the sense microphone, white, in dBFS RMS", Parsers.intRange(-150, 0));
    public static final Key<Double> HAL_SIM_LINE = key("hal.sim.line", "silence", "silence or tone:HZ (20..20000)",
            "Simulated input: what the line input carries, silence or a sine at -12 dBFS peak", Parsers::simLine);
    public static final Key<String> HAL_SIM_INPUTS_FILE = key("hal.sim.inputs_file", "",
            "empty for none, or a file path", "Simulated GPIO (hal.gpio=sim): a file of NAME = 1 / NAME = 0 lines "
                    + "that sets the digital inputs (input.<name>.pin) when it changes, so that a demo or a developer "
                    + "can press push-to-talk from another process", String::strip);

    // relays and inputs
    public static final Key<Integer> RELAY_ZONES = key("relay.zones", "1", "1.." + MAX_ZONES,
            "Number of speaker zone relays (channels zone1..zoneN; amp is always present)", Parsers.intRange(1, MAX_ZONES));
    public static final Key<Integer> RELAY_MIN_INTERVAL_MS = key("relay.min_interval_ms", "1000", "0..10000",
            "Shortest time between two switchings of one relay: commands arriving faster never make contacts chatter",
            Parsers.intRange(0, 10_000));
    public static final Key<Integer> RELAY_MAX_ON_S = key("relay.max_on_s", "14400", "1..604800",
            "Longest time any relay may stay on without a break (safety net against a stuck session or a fault): "
            + "past it the session ends failed (expired) through the normal fade, zones off, amplifier off; "
            + "emergencies included. Default 4 h, above the longest normal broadcast",
            Parsers.intRange(1, 604_800));
    public static final Key<Integer> RELAY_PIN = family("relay.<channel>.pin", "relay\\.(amp|zone[1-9][0-9]*)\\.pin",
            "a BCM GPIO line number 0..511",
            "GPIO line of a relay channel (amp, zone1..zoneN); defaults: amp 17, zones 27 22 23 24 25 5 6 13",
            Parsers.intRange(0, 511));
    public static final Key<Boolean> RELAY_ACTIVE_LOW = family("relay.<channel>.active_low",
            "relay\\.(amp|zone[1-9][0-9]*)\\.active_low", "true or false",
            "The relay is on when its line is LOW (default false)", Parsers::bool);
    public static final Key<Integer> INPUT_PIN = family("input.<name>.pin", "input\\.[a-z][a-z0-9_]{0,31}\\.pin",
            "a BCM GPIO line number 0..511",
            "GPIO line of a digital input such as mains, door, amp_fault; the name is free", Parsers.intRange(0, 511));
    public static final Key<Boolean> INPUT_ACTIVE_LOW = family("input.<name>.active_low",
            "input\\.[a-z][a-z0-9_]{0,31}\\.active_low", "true or false",
            "The input is active when its line is LOW (default false)", Parsers::bool);

    // audio
    public static final Key<Integer> AUDIO_SAMPLE_RATE = key("audio.sample_rate", "48000", "8000..192000",
            "Sample rate of the null, wav and javasound outputs (JACK uses its server's)", Parsers.intRange(8000, 192_000));
    public static final Key<Integer> AUDIO_PERIOD_FRAMES = key("audio.period_frames", "1024", "64..16384",
            "Frames per render period of the null, wav and javasound outputs (JACK uses its server's)",
            Parsers.intRange(64, 16_384));
    public static final Key<Integer> AUDIO_LINE_CHANNEL = key("audio.line_channel", "0", "0.."
            + CaptureLayout.MAX_CHANNELS, "Input channel (1-based) of the local microphone "
            + "or line input; 0 = none", Parsers.intRange(0, CaptureLayout.MAX_CHANNELS));
    public static final Key<Integer> AUDIO_SENSE_CHANNEL = key("audio.sense_channel", "0", "0.."
            + CaptureLayout.MAX_CHANNELS, "Input channel (1-based) that hears the speakers "
            + "(a measurement microphone at a horn, or the amplifier's output through an attenuator); 0 = none",
            Parsers.intRange(0, CaptureLayout.MAX_CHANNELS));
    public static final Key<Integer> AUDIO_WAV_BITS = key("audio.wav.bits", "16", "16 or 24",
            "Sample size of the wav output", text -> {
                int bits = Integer.parseInt(text);
                if (bits != 16 && bits != 24) {
                    throw new IllegalArgumentException("");
                }
                return bits;
            });
    public static final Key<String> AUDIO_JACK_SERVER = key("audio.jack.server", "",
            "a JACK server name, empty for the default server", "JACK server to connect to", Parsers::text);
    public static final Key<String> AUDIO_JACK_CLIENT = key("audio.jack.client", "commune-radio",
            "1-64 characters of A-Z a-z 0-9 . _ -", "JACK client name", Parsers::id);
    public static final Key<List<String>> AUDIO_JACK_CONNECT = key("audio.jack.connect", "",
            "comma-separated JACK port names, empty for the physical playback ports",
            "Ports the two output channels are connected to (again whenever one that went away is back)",
            Parsers::portList);
    public static final Key<List<String>> AUDIO_JACK_CAPTURE_FROM = key("audio.jack.capture_from", "",
            "comma-separated JACK port names, empty for the physical capture ports",
            "Ports connected to the capture ports in_1, in_2, ... in order (hal.audio_in=jack; again whenever one "
                    + "that went away is back); the physical ones need a duplex server (its ALSA backend without -P)", Parsers::portList);
    public static final Key<String> AUDIO_JAVASOUND_DEVICE = key("audio.javasound.device", "",
            "part of a Java Sound mixer name, empty for the default device", "Java Sound output device", Parsers::text);
    public static final Key<String> AUDIO_JAVASOUND_INPUT_DEVICE = key("audio.javasound.input_device", "",
            "part of a Java Sound mixer name, empty for audio.javasound.device",
            "Java Sound capture device (hal.audio_in=javasound); the same card as the output keeps one clock",
            Parsers::text);

    // proof of broadcast (with audio.sense_channel): defaults measured by HearingThresholdsTest
    public static final Key<Double> HEARING_MIN_LEVEL_DB = key("hearing.min_level_db", "-60", "-120..0",
            "With a sense input (audio.sense_channel), a session counts as heard only when the sense input was at "
                    + "least this loud while it played, dBFS (a programme at -20 dBFS heard 40 dB down measures -47)",
            Parsers.doubleRange(-120, 0));
    public static final Key<Double> HEARING_MIN_MATCH = key("hearing.min_match", "0.5", "0..1",
            "and only when what the sense input heard followed what was sent at least this well (coherence in the "
                    + "horn's band: 0.98 or more through a horn with noise 20 dB under, 0.06 or less for noise or a "
                    + "neighbour's programme)",
            Parsers.doubleRange(0, 1));

    // playback
    public static final Key<Integer> PLAYBACK_WARMUP_MS = key("playback.warmup_ms", "1000", "0..10000",
            "Amplifier warm-up between the amp relay and the zone relays", Parsers.intRange(0, 10_000));
    public static final Key<Integer> PLAYBACK_IDLE_HOLD_S = key("playback.idle_hold_s", "30", "0..3600",
            "The amplifier stays on this long after a session, so a following one reuses it warm",
            Parsers.intRange(0, 3600));
    public static final Key<Integer> PLAYBACK_DEFAULT_VOLUME = key("playback.default_volume", "70", "0..100",
            "Station volume until a volume command sets one", Parsers.intRange(0, 100));
    public static final Key<Integer> PLAYBACK_EMERGENCY_VOLUME = key("playback.emergency_volume", "100", "0..100",
            "Volume of emergency sessions, whatever the station volume", Parsers.intRange(0, 100));

    // local announcements (issue 17): the line input on air from the station itself
    public static final Key<String> ANNOUNCE_INPUT = key("announce.input", "",
            "empty for none, or the name of a digital input (input.<name>.pin)",
            "Push-to-talk: while this digital input is active the line input (audio.line_channel) is on air as a "
                    + "session of source input:line at announce.priority on every zone; releasing it ends the session",
            Parsers::inputName);
    public static final Key<vn.communeradio.gateway.command.Priority> ANNOUNCE_PRIORITY = key("announce.priority",
            "high", "low, normal or high",
            "Priority of a local announcement (push-to-talk, the console's announce): it preempts lower sessions and "
                    + "waits behind higher ones; never emergency, which only signed commands may send",
            Parsers::announcePriority);

    // streams and files
    // 800 ms: over emulated 4G (1 % loss) a lost TCP retransmission holds a stream back up to ~690 ms
    // (StreamLatenessBench, docs/reliability.md); 500 ms ran dry once per ~11 stream-minutes there
    public static final Key<Integer> STREAM_BUFFER_MS = key("stream.buffer_ms", "800", "50..10000",
            "Jitter buffer: playback starts, and a live stream is held, this far behind the network (latency); "
                    + "more on a poor cell",
            Parsers.intRange(50, 10_000));
    public static final Key<Integer> STREAM_BUFFER_MAX_MS = key("stream.buffer_max_ms", "2000", "50..10000",
            "Each time a stream runs dry while its connection is up (a late network), the jitter buffer of it "
                    + "and of later streams grows by half of stream.buffer_ms, up to this, until the service "
                    + "restarts; at or below stream.buffer_ms the buffer stays fixed",
            Parsers.intRange(50, 10_000));
    public static final Key<Integer> STREAM_CONNECT_TIMEOUT_S = key("stream.connect_timeout_s", "10", "1..120",
            "Time allowed to connect to a stream or file server", Parsers.intRange(1, 120));
    public static final Key<Integer> STREAM_STALL_S = key("stream.stall_s", "10", "1..300",
            "A stream that sends no bytes for this long has dropped: the station reconnects", Parsers.intRange(1, 300));
    public static final Key<Integer> STREAM_RETRY_WINDOW_S = key("stream.retry_window_s", "120", "5..86400",
            "A session whose source gives no audio for this long, reconnects included, ends failed",
            Parsers.intRange(5, 86_400));
    public static final Key<Integer> STREAM_REPROBE_S = key("stream.reprobe_s", "30", "5..3600",
            "While a fallback URL plays, the first URL is tried again this often", Parsers.intRange(5, 3600));
    public static final Key<Integer> STREAM_RECONNECT_MAX_S = key("stream.reconnect_max_s", "30", "1..600",
            "Longest wait between reconnect rounds (exponential backoff with jitter up to this)",
            Parsers.intRange(1, 600));
    public static final Key<Integer> CACHE_MAX_MB = key("cache.max_mb", "512", "1..1048576",
            "Disk space for files played with mode file (in the state directory); least recently used go first",
            Parsers.intRange(1, 1_048_576));

    // remote update
    public static final Key<Integer> UPDATE_MAX_MB = key("update.max_mb", "64", "1..1024",
            "Largest package an update command may download (into state.dir/update); larger ones are refused too_large",
            Parsers.intRange(1, 1024));
    public static final Key<Integer> UPDATE_HEALTH_TIMEOUT_S = key("update.health_timeout_s", "180", "10..3600",
            "After installing an update, how long the new version has to come back online (MQTT connected, audio "
                    + "output open, control loop alive) before the previous version is reinstalled",
            Parsers.intRange(10, 3600));

    // schedule
    public static final Key<ZoneId> SCHEDULE_TIME_ZONE = key("schedule.time_zone", "Asia/Ho_Chi_Minh",
            "an IANA time zone id such as Asia/Ho_Chi_Minh",
            "Time zone of schedule items' local 'at' times and of their days and dates", ZoneId::of);
    public static final Key<Boolean> SCHEDULE_REQUIRE_SYNCED_CLOCK = key("schedule.require_synced_clock", "true",
            "true or false", "Schedule items play only while the system clock is synchronised (clock.sync_marker); "
                    + "false for a board whose real-time clock is trusted as it is", Parsers::bool);
    public static final Key<Integer> SCHEDULE_LATE_GRACE_S = key("schedule.late_grace_s", "600", "0..86400",
            "An item whose time a clock jump or a restart passed by at most this still plays late; later, it is "
                    + "logged missed", Parsers.intRange(0, 86_400));
    public static final Key<Integer> SCHEDULE_PREFETCH_H = key("schedule.prefetch_h", "24", "1..168",
            "Files of mode file items due within this many hours are fetched into the media cache ahead of time",
            Parsers.intRange(1, 168));

    // state, status, logging
    public static final Key<Path> STATE_DIR = key("state.dir", "/var/lib/commune-radio", "a directory path",
            "Where everything durable lives (schedule, volume, journal, replay window, media cache)", Parsers::path);
    public static final Key<Integer> JOURNAL_MAX_KB = key("journal.max_kb", "1024", "16..1048576",
            "Disk space for the broadcast log (state.dir/journal); beyond, the oldest records go first and the next "
                    + "record counts those never acknowledged (dropped)", Parsers.intRange(16, 1_048_576));
    public static final Key<Integer> TELEMETRY_INTERVAL_S = key("telemetry.interval_s", "60", "0 or 5..86400",
            "Seconds between telemetry messages (health figures, QoS 0); 0 = none", text -> {
                int seconds = Parsers.intRange(0, 86_400).apply(text);
                if (seconds > 0 && seconds < 5) {
                    throw new IllegalArgumentException("");
                }
                return seconds;
            });
    public static final Key<Integer> STATUS_LOG_INTERVAL_S = key("status.log_interval_s", "60", "0..86400",
            "Seconds between status lines in the service log; 0 = only on changes", Parsers.intRange(0, 86_400));
    public static final Key<String> LOG_LEVEL = key("log.level", "info", "trace, debug, info, warn, error or off",
            "Level of the service log", Parsers::logLevel);
    public static final Key<String> LOG_LEVEL_PACKAGE = family("log.level.<package>",
            "log\\.level\\.[A-Za-z_][A-Za-z0-9_.]*", "trace, debug, info, warn, error or off",
            "Level for one Java package, e.g. log.level.vn.communeradio.hal = debug", Parsers::logLevel);
    public static final Key<String> LOG_FILE = key("log.file", "",
            "empty (stdout only) or a file path", "Also log to this file, rolled by size", Parsers::text);
    public static final Key<Integer> LOG_FILE_SIZE_KB = key("log.file.size_kb", "1024", "16..1048576",
            "Size at which the log file is rolled", Parsers.intRange(16, 1_048_576));
    public static final Key<Integer> LOG_FILE_BACKUPS = key("log.file.backups", "5", "0..100",
            "Rolled log files kept", Parsers.intRange(0, 100));

    // technician console
    public static final Key<String> CONSOLE_PIN_HASH = key("console.pin_hash", "",
            "empty (no PIN) or the line 'commune-radio console-pin' prints (pbkdf2-sha256$ITERATIONS$SALT$HASH)",
            "Salted hash of the technician console's PIN; when set, the interactive console asks for the PIN",
            Parsers::pinHash);

    /** Keys whose values are never shown (config show masks them). */
    public static final java.util.Set<Key<?>> SECRETS = java.util.Set.of(MQTT_PASSWORD, CONSOLE_PIN_HASH);

    /** Every key, in documentation order. */
    public static List<Key<?>> all() {
        return Collections.unmodifiableList(DECLARED);
    }

    private static <T> Key<T> key(String name, String defaultText, String accepted, String doc,
                                  Function<String, T> parser) {
        return declared(Key.of(name, defaultText, accepted, doc, parser));
    }

    private static <T> Key<T> family(String name, String regex, String accepted, String doc,
                                     Function<String, T> parser) {
        return declared(Key.family(name, regex, accepted, doc, parser));
    }

    private static <T> Key<T> declared(Key<T> key) {
        DECLARED.add(key);
        return key;
    }
}
