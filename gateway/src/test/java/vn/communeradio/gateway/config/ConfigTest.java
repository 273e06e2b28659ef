package vn.communeradio.gateway.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.communeradio.gateway.command.Priority;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.hal.gpio.GpioPin;

class ConfigTest {

    @TempDir
    Path dir;

    private static Map<String, String> minimal() {
        Map<String, String> raw = new HashMap<>();
        raw.put("station.id", "bk-0001");
        raw.put("mqtt.url", "tcp://127.0.0.1:1883");
        return raw;
    }

    private static List<String> problems(Map<String, String> raw) {
        return assertThrows(ConfigException.class, () -> Config.parse(raw)).problems();
    }

    private static void assertOneProblem(Map<String, String> raw, String... fragments) {
        List<String> problems = problems(raw);
        assertEquals(1, problems.size(), problems.toString());
        for (String fragment : fragments) {
            assertTrue(problems.get(0).contains(fragment), "'" + problems.get(0) + "' should contain '" + fragment + "'");
        }
    }

    @Test
    void defaultsFillEverythingButTheRequiredKeys() throws Exception {
        Config config = Config.parse(minimal());
        assertEquals("bk-0001", config.get(ConfigKeys.STATION_ID));
        assertEquals(URI.create("tcp://127.0.0.1:1883"), config.get(ConfigKeys.MQTT_URL));
        assertEquals("communeradio/v1", config.get(ConfigKeys.MQTT_PREFIX));
        assertEquals(List.of(), config.get(ConfigKeys.STATION_GROUPS));
        assertEquals(GpioMode.SIM, config.get(ConfigKeys.HAL_GPIO));
        assertEquals(new AudioSpec.Null(), config.get(ConfigKeys.HAL_AUDIO));
        assertEquals(Path.of("/var/lib/commune-radio"), config.get(ConfigKeys.STATE_DIR));
        assertEquals(List.of(new GpioPin("amp", 17, false), new GpioPin("zone1", 27, false)), config.relayPins());
        assertEquals("communeradio/v1", config.effective().get("mqtt.prefix"));
    }

    @Test
    void aSimulatedClockIsForASimulatedStationOnly() throws Exception {
        Map<String, String> raw = minimal();
        raw.put("hal.clock", "sim:2026-06-12T00:59:50Z");
        assertEquals(new ClockSpec.Simulated(java.time.Instant.parse("2026-06-12T00:59:50Z")),
                Config.parse(raw).get(ConfigKeys.HAL_CLOCK));
        raw.put("hal.gpio", "pi4j");
        assertOneProblem(raw, "hal.clock", "hal.gpio=sim");
        raw.put("hal.gpio", "sim");
        raw.put("hal.clock", "sim:tomorrow");
        assertOneProblem(raw, "hal.clock: 'sim:tomorrow' is not accepted", "ISO-8601");
        assertEquals(new ClockSpec.System(), Config.parse(minimal()).get(ConfigKeys.HAL_CLOCK));
    }

    @Test
    void theAudioInputIsNoneUnlessConfiguredAndASimulatedOneReadsItsKeys() throws Exception {
        Config defaults = Config.parse(minimal());
        assertEquals(AudioInputMode.NONE, defaults.get(ConfigKeys.HAL_AUDIO_IN));
        assertEquals(0, defaults.get(ConfigKeys.AUDIO_LINE_CHANNEL));
        assertEquals(0, defaults.get(ConfigKeys.AUDIO_SENSE_CHANNEL));
        assertEquals(List.of(), defaults.get(ConfigKeys.HAL_SIM_ZONE_GAINS));
        assertEquals(new FrequencyBand(300, 5000), defaults.get(ConfigKeys.HAL_SIM_SENSE_BAND));
        assertEquals(0.0, defaults.get(ConfigKeys.HAL_SIM_LINE));

        Config config = Config.parse(simulatedInput("hal.sim.zone_gains", "1.0, 0", "hal.sim.sense_delay_ms", "250",
                "hal.sim.sense_band", "200-8000", "hal.sim.noise_db", "-45", "hal.sim.line", "tone:1000"));
        assertEquals(AudioInputMode.SIM, config.get(ConfigKeys.HAL_AUDIO_IN));
        assertEquals(List.of(1.0, 0.0), config.get(ConfigKeys.HAL_SIM_ZONE_GAINS));
        assertEquals(250, config.get(ConfigKeys.HAL_SIM_SENSE_DELAY_MS));
        assertEquals(new FrequencyBand(200, 8000), config.get(ConfigKeys.HAL_SIM_SENSE_BAND));
        assertEquals(-45, config.get(ConfigKeys.HAL_SIM_NOISE_DB));
        assertEquals(1000.0, config.get(ConfigKeys.HAL_SIM_LINE));
    }

    @Test
    void anAudioInputThatCannotWorkIsAClearError() {
        assertOneProblem(simulatedInput("hal.gpio", "pi4j"), "hal.audio_in=sim", "hal.gpio=sim");
        assertOneProblem(simulatedInput("hal.audio", "jack"), "hal.audio_in=sim", "hal.audio=null or wav:PATH");
        assertOneProblem(simulatedInput("audio.sense_channel", "3"), "audio.sense_channel", "2 channels");
        assertOneProblem(simulatedInput("hal.sim.zone_gains", "1,1,1"), "hal.sim.zone_gains: 3 gains for 2 zones");
        assertOneProblem(simulatedInput("audio.line_channel", "0", "audio.sense_channel", "0"),
                "hal.audio_in=sim captures nothing", "audio.line_channel or audio.sense_channel");
        assertOneProblem(simulatedInput("audio.line_channel", "2"), "audio.line_channel and audio.sense_channel "
                + "are both 2");
        assertOneProblem(simulatedInput("hal.audio_in", "none"), "audio.line_channel", "hal.audio_in=none");
        assertOneProblem(simulatedInput("hal.audio_in", "jack"), "hal.audio_in=jack", "hal.audio=jack");
        assertOneProblem(simulatedInput("hal.audio_in", "jack", "hal.audio", "jack", "audio.jack.capture_from",
                "system:capture_1,system:capture_2,system:capture_3"), "audio.jack.capture_from: 3 ports for 2 ");
        assertOneProblem(simulatedInput("hal.audio_in", "javasound"), "hal.audio_in=javasound", "hal.audio=javasound");
        assertOneProblem(simulatedInput("hal.audio_in", "alsa"), "hal.audio_in: 'alsa' is not accepted",
                "none, jack, javasound or sim");
        assertOneProblem(simulatedInput("hal.sim.sense_band", "5000-300"), "hal.sim.sense_band: '5000-300' is not "
                + "accepted", "LOW-HIGH in Hz");
        assertOneProblem(simulatedInput("hal.sim.line", "tone:5"), "hal.sim.line: 'tone:5' is not accepted",
                "silence or tone:HZ");
        assertOneProblem(simulatedInput("hal.sim.zone_gains", "1,-0.5"), "hal.sim.zone_gains: '1,-0.5' is not "
                + "accepted", "-0.5 is not 0..10");
    }

    @Test
    void eachInputGoesWithItsOutput() {
        assertDoesNotThrow(() -> Config.parse(simulatedInput()));
        assertDoesNotThrow(() -> Config.parse(simulatedInput("hal.audio", "wav:/tmp/out.wav", "hal.sim.zone_gains",
                "1,0")));
        Config jack = assertDoesNotThrow(() -> Config.parse(simulatedInput("hal.audio_in", "jack", "hal.audio", "jack",
                "hal.gpio", "pi4j", "audio.line_channel", "0", "audio.sense_channel", "6", "audio.jack.capture_from",
                "system:capture_1")));
        assertEquals(6, jack.get(ConfigKeys.AUDIO_SENSE_CHANNEL));
        assertEquals(List.of("system:capture_1"), jack.get(ConfigKeys.AUDIO_JACK_CAPTURE_FROM));
        assertDoesNotThrow(() -> Config.parse(simulatedInput("hal.audio_in", "javasound", "hal.audio", "javasound",
                "audio.javasound.input_device", "USB")));
    }

    @Test
    void pushToTalkNamesAnInputAndNeedsALine() throws Exception {
        Config config = Config.parse(simulatedInput("input.ptt.pin", "4", "announce.input", "ptt"));
        assertEquals("ptt", config.get(ConfigKeys.ANNOUNCE_INPUT));
        assertEquals(Priority.HIGH, config.get(ConfigKeys.ANNOUNCE_PRIORITY), "the default");
        assertEquals("", Config.parse(minimal()).get(ConfigKeys.ANNOUNCE_INPUT), "none by default");
        assertEquals(Priority.LOW, Config.parse(simulatedInput("announce.priority", "low"))
                .get(ConfigKeys.ANNOUNCE_PRIORITY));

        assertOneProblem(simulatedInput("input.door.pin", "4", "announce.input", "ptt"),
                "announce.input: there is no digital input 'ptt'", "input.ptt.pin", "inputs configured: door");
        assertOneProblem(simulatedInput("input.ptt.pin", "4", "announce.input", "ptt", "audio.line_channel", "0"),
                "announce.input=ptt puts the line input on air, but there is none", "audio.line_channel");
        assertOneProblem(simulatedInput("announce.priority", "emergency"), "announce.priority: 'emergency' is not "
                + "accepted", "low, normal or high", "signed command");
        assertOneProblem(simulatedInput("announce.priority", "urgent"), "announce.priority: 'urgent' is not accepted",
                "low, normal or high");
        assertOneProblem(simulatedInput("announce.input", "Push Talk"), "announce.input: 'Push Talk' is not accepted");
    }

    /** A simulated station with a simulated input (line on 1, sense on 2, two zones), then {@code changes}. */
    private static Map<String, String> simulatedInput(String... changes) {
        Map<String, String> raw = minimal();
        raw.put("hal.audio_in", "sim");
        raw.put("audio.line_channel", "1");
        raw.put("audio.sense_channel", "2");
        raw.put("relay.zones", "2");
        for (int i = 0; i < changes.length; i += 2) {
            raw.put(changes[i], changes[i + 1]);
        }
        return raw;
    }

    @Test
    void everyKeyOfTheIssueIsRead() throws Exception {
        Map<String, String> raw = minimal();
        raw.put("station.groups", "xa-phu-luu, huyen-dong-hung");
        raw.put("mqtt.prefix", "province/thaibinh");
        raw.put("security.keys", "/etc/commune-radio/keys");
        raw.put("security.emergency_keys", "province-1,district-058");
        raw.put("hal.gpio", "pi4j");
        raw.put("hal.audio", "wav:/tmp/out.wav");
        raw.put("state.dir", "/tmp/state");
        Config config = Config.parse(raw);
        assertEquals(List.of("xa-phu-luu", "huyen-dong-hung"), config.get(ConfigKeys.STATION_GROUPS));
        assertEquals(List.of("province-1", "district-058"), config.get(ConfigKeys.SECURITY_EMERGENCY_KEYS));
        assertEquals(GpioMode.PI4J, config.get(ConfigKeys.HAL_GPIO));
        assertEquals(new AudioSpec.Wav(Path.of("/tmp/out.wav")), config.get(ConfigKeys.HAL_AUDIO));
        assertEquals(new AudioSpec.Jack(), Parsers.audio("jack"));
        assertEquals(new AudioSpec.JavaSound(), Parsers.audio("javasound"));
    }

    @Test
    void missingRequiredKeyIsNamed() {
        Map<String, String> raw = minimal();
        raw.remove("station.id");
        assertOneProblem(raw, "station.id", "required");
    }

    @Test
    void unknownKeyIsNamedWithASuggestion() {
        Map<String, String> raw = minimal();
        raw.put("mqtt.urll", "tcp://x");
        assertOneProblem(raw, "mqtt.urll", "unknown key", "did you mean 'mqtt.url'");
    }

    @Test
    void badValuesSayWhatIsAccepted() {
        Map<String, String> raw = minimal();
        raw.put("hal.audio", "alsa");
        assertOneProblem(raw, "hal.audio", "'alsa'", "null, wav:PATH, jack or javasound");

        raw = minimal();
        raw.put("mqtt.url", "http://broker:1883");
        assertOneProblem(raw, "mqtt.url", "tcp://HOST[:PORT] or ssl://HOST[:PORT]");

        raw = minimal();
        raw.put("hal.gpio", "wiringpi");
        assertOneProblem(raw, "hal.gpio", "sim or pi4j");

        raw = minimal();
        raw.put("station.id", "bad id!");
        assertOneProblem(raw, "station.id", "A-Z a-z 0-9");

        raw = minimal();
        raw.put("relay.zones", "12");
        assertOneProblem(raw, "relay.zones", "1..8");

        raw = minimal();
        raw.put("relay.amp.pin", "seventeen");
        assertOneProblem(raw, "relay.amp.pin", "'seventeen'", "0..511");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Map<String, String> raw = new HashMap<>();
        raw.put("hal.audio", "alsa");
        raw.put("colour", "blue");
        List<String> problems = problems(raw);
        assertEquals(4, problems.size(), problems.toString()); // station.id, mqtt.url, hal.audio, colour
    }

    @Test
    void relayWiringFromConfig() throws Exception {
        Map<String, String> raw = minimal();
        raw.put("relay.zones", "2");
        raw.put("relay.amp.pin", "4");
        raw.put("relay.amp.active_low", "true");
        raw.put("relay.zone2.pin", "21");
        raw.put("input.mains.pin", "5");
        raw.put("input.door.pin", "6");
        raw.put("input.door.active_low", "true");
        Config config = Config.parse(raw);
        assertEquals(List.of(new GpioPin("amp", 4, true), new GpioPin("zone1", 27, false),
                new GpioPin("zone2", 21, false)), config.relayPins());
        assertEquals(List.of(new GpioPin("door", 6, true), new GpioPin("mains", 5, false)), config.inputPins());
    }

    @Test
    void wiringMistakesAreCaught() {
        Map<String, String> raw = minimal();
        raw.put("relay.zone3.pin", "21");
        assertOneProblem(raw, "relay.zone3.pin", "relay.zones=1");

        raw = minimal();
        raw.put("input.mains.pin", "17");
        assertOneProblem(raw, "input.mains.pin", "GPIO line 17", "relay amp");

        raw = minimal();
        raw.put("input.door.active_low", "true");
        assertOneProblem(raw, "input.door", "no input.door.pin");
    }

    @Test
    void fileProblemsAreOneLine() throws Exception {
        ConfigException missing = assertThrows(ConfigException.class, () -> Config.load(dir.resolve("nope.properties")));
        assertEquals(List.of("config file " + dir.resolve("nope.properties") + ": does not exist"), missing.problems());

        Path binary = dir.resolve("binary.properties");
        Files.write(binary, new byte[] {'s', '=', (byte) 0xff, (byte) 0xfe, 0});
        ConfigException notText = assertThrows(ConfigException.class, () -> Config.load(binary));
        assertTrue(notText.problems().get(0).contains("not valid UTF-8"), notText.problems().toString());

        ConfigException isDir = assertThrows(ConfigException.class, () -> Config.load(dir));
        assertTrue(isDir.problems().get(0).startsWith("config file " + dir), isDir.problems().toString());
    }

    @Test
    void fileWithVietnameseCommentsAndSpacesLoads() throws Exception {
        Path file = dir.resolve("gateway.properties");
        Files.writeString(file, "# Trạm loa xã Phú Lưu\nstation.id = pl-01  \nmqtt.url=ssl://broker.example:8883\n");
        Config config = Config.load(file);
        assertEquals("pl-01", config.get(ConfigKeys.STATION_ID));
    }

    @Test
    void theTuningOfAFeatureThatIsOffIsAWarningNamingWhatWouldMakeItAct() throws Exception {
        assertEquals(List.of(), Config.parse(minimal()).warnings());

        // a station whose simulated input was switched off, its tuning left in the file: it starts, and says so
        Map<String, String> raw = minimal();
        raw.put("hal.sim.noise_db", "-40");
        raw.put("hearing.min_match", "0.7");
        raw.put("audio.jack.capture_from", "system:capture_3");
        raw.put("announce.priority", "normal");
        List<String> warnings = Config.parse(raw).warnings();
        assertEquals(4, warnings.size(), warnings.toString());
        assertContains(warnings, "hal.sim.noise_db = -40 has no effect", "hal.audio_in=sim", "here hal.audio_in=none");
        assertContains(warnings, "hearing.min_match = 0.7 has no effect", "audio.sense_channel");
        assertContains(warnings, "audio.jack.capture_from = system:capture_3 has no effect", "hal.audio_in=jack");
        assertContains(warnings, "announce.priority = normal has no effect", "audio.line_channel");

        // the same keys act once their feature is on: no warning
        raw.put("hal.audio_in", "sim");
        raw.put("audio.line_channel", "1");
        raw.put("audio.sense_channel", "2");
        warnings = Config.parse(raw).warnings();
        assertEquals(1, warnings.size(), warnings.toString());
        assertContains(warnings, "audio.jack.capture_from");

        // a simulated input without its sense microphone: the microphone's tuning is idle, the line's is not
        raw.remove("audio.jack.capture_from");
        raw.put("audio.sense_channel", "0");
        raw.put("hal.sim.line", "tone:1000");
        warnings = Config.parse(raw).warnings();
        assertEquals(2, warnings.size(), warnings.toString());
        assertContains(warnings, "hal.sim.noise_db", "audio.sense_channel=2");
        assertContains(warnings, "hearing.min_match", "audio.sense_channel");
    }

    @Test
    void otherFeaturesOffLeaveTheirKeysIdleToo() throws Exception {
        Map<String, String> raw = minimal();
        raw.put("hal.gpio.provider", "linuxfs");
        raw.put("audio.wav.bits", "24");
        raw.put("audio.jack.connect", "system:playback_1");
        raw.put("audio.javasound.input_device", "USB");
        raw.put("mqtt.tls.ca", "/etc/ca.pem");
        raw.put("link.reboot_after_offline_s", "0");
        raw.put("link.route_tables", "/proc/net/route");
        raw.put("log.file.backups", "2");
        raw.put("audio.javasound.device", ""); // an empty line reads as not set
        List<String> warnings = Config.parse(raw).warnings();
        assertEquals(7, warnings.size(), warnings.toString());
        assertContains(warnings, "hal.gpio.provider", "hal.gpio=pi4j");
        assertContains(warnings, "audio.wav.bits", "hal.audio=wav:PATH", "here hal.audio=null");
        assertContains(warnings, "audio.jack.connect", "hal.audio=jack");
        assertContains(warnings, "audio.javasound.input_device", "hal.audio_in=javasound");
        assertContains(warnings, "mqtt.tls.ca", "ssl://");
        assertContains(warnings, "link.route_tables", "link.reboot_after_offline_s");
        assertContains(warnings, "log.file.backups", "log.file");

        Map<String, String> jack = minimal();
        jack.put("hal.audio", "jack");
        jack.put("audio.period_frames", "256");
        jack.put("audio.jack.connect", "system:playback_1");
        warnings = Config.parse(jack).warnings();
        assertEquals(1, warnings.size(), warnings.toString());
        assertContains(warnings, "audio.period_frames = 256 has no effect", "JACK uses its server's");
    }

    @Test
    void aClientKeyWithoutItsCertificateIsIdleOnAnSslBrokerToo() throws Exception {
        // TlsSockets reads mqtt.tls.key only with mqtt.tls.cert: alone it is left unread, and the broker that wants
        // a client certificate refuses the station for a reason the technician believes they configured
        Map<String, String> raw = minimal();
        raw.put("mqtt.url", "ssl://127.0.0.1:8883");
        raw.put("mqtt.tls.key", "/etc/commune-radio/station.key");
        List<String> warnings = Config.parse(raw).warnings();
        assertEquals(1, warnings.size(), warnings.toString());
        assertContains(warnings, "mqtt.tls.key = /etc/commune-radio/station.key has no effect", "mqtt.tls.cert");

        raw.put("mqtt.tls.cert", "/etc/commune-radio/station.pem");
        assertEquals(List.of(), Config.parse(raw).warnings(), "both set: the key is read");

        // on tcp:// no TLS key is read at all: one warning, the one that names ssl://
        raw.put("mqtt.url", "tcp://127.0.0.1:1883");
        raw.remove("mqtt.tls.cert");
        warnings = Config.parse(raw).warnings();
        assertEquals(1, warnings.size(), warnings.toString());
        assertContains(warnings, "mqtt.tls.key", "an ssl:// mqtt.url");
    }

    @Test
    void theSimulatedInputsFileAndTheJavaSoundDeviceAreIdleOnOtherHardware() throws Exception {
        Map<String, String> raw = minimal();
        raw.put("hal.gpio", "pi4j");
        raw.put("hal.sim.inputs_file", "/run/commune-radio/inputs");
        raw.put("audio.javasound.device", "USB");
        List<String> warnings = Config.parse(raw).warnings();
        assertEquals(2, warnings.size(), warnings.toString());
        assertContains(warnings, "hal.sim.inputs_file = /run/commune-radio/inputs has no effect", "hal.gpio=sim");
        assertContains(warnings, "audio.javasound.device = USB has no effect", "hal.audio=javasound");

        raw.put("hal.gpio", "sim");
        raw.put("hal.audio", "javasound");
        assertEquals(List.of(), Config.parse(raw).warnings(), "both read on the hardware they belong to");
    }

    @Test
    void warningsSurviveLoadingWithOverrides() throws Exception {
        Path file = dir.resolve("gateway.properties");
        Files.writeString(file, "station.id = a\nmqtt.url = tcp://127.0.0.1:1883\nstate.dir = " + dir
                + "\nhearing.min_level_db = -50\n");
        assertContains(Config.load(file).warnings(), "hearing.min_level_db = -50 has no effect");
    }

    /** One of {@code lines} starts with the first fragment and contains every other. */
    private static void assertContains(List<String> lines, String first, String... more) {
        assertTrue(lines.stream().anyMatch(line -> line.startsWith(first)
                && java.util.Arrays.stream(more).allMatch(line::contains)),
                "no line starting '" + first + "' with " + List.of(more) + " in " + lines);
    }
}
