package vn.communeradio.tests.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.command.CommandSigner;
import vn.communeradio.gateway.json.Json;
import vn.communeradio.hal.audio.Spectrum;
import vn.communeradio.hal.audio.WavFile;
import vn.communeradio.tests.support.Central;
import vn.communeradio.tests.support.ControlRoom;
import vn.communeradio.tests.support.Mosquitto;
import vn.communeradio.tests.support.MqttTestClient;
import vn.communeradio.tests.support.SerialConsole;
import vn.communeradio.tests.support.ServiceJvm;
import vn.communeradio.tests.support.ServiceProcess;
import vn.communeradio.tests.support.StationUnderTest;
import vn.communeradio.tests.support.TestAudio;

/**
 * The technician console as a technician uses it: on a real pseudo-terminal (a serial line's stand-in) against
 * the real service process, with a real Mosquitto broker, simulated relays seen through the published state, and
 * the speakers written to a WAV file.
 */
class ConsoleTest {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final String PROMPT = "con-1> ";

    @TempDir
    Path dir;

    private ControlRoom room;
    private StationUnderTest station;
    private Central central;
    private Path config;
    private Path wav;
    private CommandSigner district;
    private CommandSigner province;

    @BeforeEach
    void start() throws Exception {
        room = ControlRoom.start(dir);
        central = room.central();
        wav = dir.resolve("speakers.wav");
        district = room.keys().create("district-058");
        province = room.province();
        station = room.station("con-1", dir.resolve("station"), """
                hal.audio = wav:%s
                log.file = %s
                audio.jack.connect = system:playback_1
                """.formatted(wav, dir.resolve("service.log")));
        config = station.config();
        station.start();
    }

    @AfterEach
    void stop() throws Exception {
        station.close();
        room.close();
    }

    @Test
    void aTechnicianChecksTheStationTestsRelaysAndPlaysATone() throws Exception {
        try (MqttTestClient logTopic = new MqttTestClient(room.broker().url(), Central.PREFIX + "/station/con-1/log");
             SerialConsole terminal = SerialConsole.open(dir, "--config", config.toString())) {
            terminal.await("station con-1 version \\S+", WAIT);
            terminal.await(PROMPT, WAIT);

            // a typo corrected with backspace: the terminal's own line editing
            terminal.type("statux" + SerialConsole.ERASE + "s");
            String status = terminal.await(PROMPT, WAIT);
            assertTrue(status.contains("station con-1, version"), status);
            assertTrue(status.contains("playing: nothing"), status);
            assertTrue(status.contains("relays: amp=off zone1=off zone2=off"), status);
            assertTrue(status.contains("mqtt: connected"), status);
            assertTrue(status.contains("clock: trusted (clock.sync_marker = always)"), status);
            assertTrue(status.contains("update: idle; last: none since installation"), status);

            terminal.type("relay test 1");
            terminal.await(">>> LISTEN NOW: zone 1 \\(relay zone1\\), 1 s <<<", WAIT);
            central.awaitState("con-1", "\"relays\":{\"amp\":true,\"zones\":[true,false]}");
            terminal.await(">>> LISTEN NOW: zone 2 \\(relay zone2\\), 1 s <<<", WAIT);
            central.awaitState("con-1", "\"relays\":{\"amp\":true,\"zones\":[false,true]}");
            terminal.await("relay test done", WAIT);
            terminal.await(PROMPT, WAIT);

            terminal.type("tone 700 2");
            String tone = terminal.await(PROMPT, WAIT);
            assertTrue(tone.contains("playing tone 700 Hz for 2 s (session console-"), tone);
            String session = tone.replaceAll("(?s).*\\(session (console-[0-9-]+)\\).*", "$1");
            central.awaitAck("con-1", session, "finished", WAIT);
            String record = logTopic.await(m -> m.payload().contains("\"session\":\"" + session + "\"")
                    && m.payload().contains("\"outcome\":\"finished\",") && m.payload().endsWith(
                            ",\"origin\":\"console\"}"), WAIT).payload();
            Map<String, Object> fields = Json.parseObject(record.getBytes(StandardCharsets.UTF_8));
            double audio = ((Number) fields.get("audio_s")).doubleValue();
            double onAir = ((Long) fields.get("ended") - (Long) fields.get("started")) / 1000.0;
            // its 2 s count from the request: the zones' minimum interval after the relay test takes some of them
            assertTrue(audio > 0.5 && Math.abs(audio - onAir) < 0.1, "its time on air went out as audio: " + record);

            terminal.type("journal 3");
            String journal = terminal.await(PROMPT, WAIT);
            assertTrue(journal.matches("(?s).*finished +high +" + session + " +tone:700.*"), journal);

            terminal.type("frobnicate");
            assertTrue(terminal.await(PROMPT, WAIT).contains("unknown command 'frobnicate'; type 'help'"));

            terminal.type("exit");
            assertEquals(0, terminal.awaitExit(WAIT));
            assertFalse(terminal.screen().contains("Exception"), terminal.screen());
        }
        assertEquals(143, station.stop());
        float[] left = Spectrum.channel(WavFile.read(wav), 0);
        assertTrue(heard(left, 1000), "the relay test's tone reached the speakers");
        assertTrue(heard(left, 700), "the console's tone reached the speakers");
    }

    @Test
    void configSetRefusesABadValueAndKeepsAGoodOneAcrossARestart() throws Exception {
        Path overrides = dir.resolve("station/state/config-overrides.properties");
        try (SerialConsole terminal = SerialConsole.open(dir, "--config", config.toString())) {
            terminal.await(PROMPT, WAIT);
            terminal.type("config set playback.default_volume 300");
            String bad = terminal.await(PROMPT, WAIT);
            assertTrue(bad.contains("playback.default_volume: '300' is not accepted (out of range); expected 0..100"),
                    bad);
            assertTrue(bad.contains("nothing was changed"), bad);
            assertFalse(Files.exists(overrides), "a bad value changes nothing");

            terminal.type("config set playback.default_volume 35");
            String good = terminal.await(PROMPT, WAIT);
            assertTrue(good.contains("playback.default_volume = 35 saved in " + overrides), good);
            assertTrue(good.contains("type 'restart'"), good);
            assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(overrides)));

            terminal.type("restart");
            terminal.await("restarting: the service stops cleanly", WAIT);
            assertEquals(3, station.process().awaitExit(WAIT), "the restart exit status systemd answers");
            terminal.await("waiting for the service to answer again", WAIT);
            station.start(); // as systemd's Restart=always would
            terminal.await("reconnected: station con-1", WAIT);
            terminal.await(PROMPT, WAIT);
            terminal.type("volume");
            assertTrue(terminal.await(PROMPT, WAIT).contains("volume 35 (emergencies: 100)"));
            terminal.type("exit");
            assertEquals(0, terminal.awaitExit(WAIT));
        }
        assertFalse(Files.readString(config).contains("playback.default_volume"), "the installed file is never written");
        List<String> lines = new ArrayList<>();
        assertEquals(0, console(lines, "volume"));
        assertEquals(List.of("volume 35 (emergencies: 100)"), lines);
        lines.clear();
        assertEquals(0, console(lines, "config", "show"));
        assertTrue(lines.contains("playback.default_volume = 35    # override"), String.join("\n", lines));
        // a leftover line of the installed file (JACK's, on a station playing to a file) is said on show too
        assertTrue(lines.contains("# warning: audio.jack.connect = system:playback_1 has no effect: it is read only "
                + "with hal.audio=jack (here hal.audio=wav:" + wav + "); set that, or remove the line"),
                String.join("\n", lines));
        // a key this station would not read (it has no sense input) is saved, and said to have no effect
        lines.clear();
        assertEquals(0, console(lines, "config", "set", "hearing.min_match", "0.7"));
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("warning: hearing.min_match = 0.7 has no effect: "
                + "it is read only with a sense input")), String.join("\n", lines));
    }

    @Test
    void withTheBrokerDownTheConsoleStillAnswersAndSaysWhy() throws Exception {
        room.broker().stop();
        station.process().awaitLine("MQTT broker .*(lost|unreachable|refused).*", WAIT);
        List<String> lines = new ArrayList<>();
        assertEquals(0, console(lines, "mqtt"));
        assertTrue(lines.contains("connected: NO"), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("last error: ") && !l.endsWith("none")),
                String.join("\n", lines));
        lines.clear();
        assertEquals(1, console(lines, "net"), "the broker cannot be reached: exit status 1");
        assertTrue(lines.stream().anyMatch(l -> l.matches("broker 127.0.0.1:\\d+: NOT reachable: connection refused")),
                String.join("\n", lines));
        lines.clear();
        assertEquals(0, console(lines, "tone", "440", "1"), "local tests work without the broker");
        assertTrue(lines.get(0).startsWith("playing tone 440 Hz for 1 s"), lines.toString());
    }

    @Test
    void scriptsChainCommandsOnTheirExitStatus() throws Exception {
        Path media = TestAudio.wav(Files.createDirectories(dir.resolve("media")), "bulletin",
                new TestAudio.Tone(500, 0.5, 30, 48_000, 2));
        String console = String.join(" ", ServiceJvm.javaJar()) + " console --config " + config;
        String script = """
                c() { %s "$@"; }
                c volume 40 && c volume | grep -qx 'volume 40 (emergencies: 100)' || exit 10
                c relay zone9 on; [ $? -eq 1 ] || exit 11
                c tone 99999; [ $? -eq 2 ] || exit 12
                c frobnicate; [ $? -eq 2 ] || exit 13
                c relay zone1 pulse 0.5 && echo pulsed
                c play %s && c stop | grep -qx '1 session(s) stopped' || exit 14
                c keys | grep -q '^  district-058 ' || exit 15
                c schedule | grep -q '^no schedule items' || exit 16
                c log 5 | grep -q 'console: stop' || exit 17
                c journal 1 | grep -q ' stopped .*file:%s' || exit 18
                """.formatted(console, media, media);
        Process bash = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        String out = new String(bash.getInputStream().readAllBytes());
        assertEquals(0, bash.waitFor(), out);
        assertTrue(out.contains("relay zone9: no relay 'zone9'; this station has amp, zone1, zone2"), out);
        assertTrue(out.contains("frequency '99999' is not accepted; expected a whole number 20..20000"), out);
        assertTrue(out.contains("pulsed"), out);
        central.awaitState("con-1", "\"relays\":{\"amp\":false,\"zones\":[true,false]}");
        central.awaitState("con-1", "\"relays\":{\"amp\":false,\"zones\":[false,false]}");

        assertEquals(143, station.stop());
        List<String> lines = new ArrayList<>();
        assertEquals(3, console(lines, "status"), "not running: exit status 3");
        assertTrue(lines.get(0).startsWith("commune-radio is not running (nothing answers on "), lines.toString());
        assertTrue(lines.get(1).equals("last lines of " + dir.resolve("service.log") + ":"), lines.toString());
        assertTrue(lines.get(lines.size() - 1).contains("station con-1 stopped; relays off"), lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.contains("Exception") || l.contains("\tat ")), lines.toString());
    }

    @Test
    void aPinSetOnTheConsoleIsAskedForWithoutEchoAndNeverShown() throws Exception {
        try (SerialConsole terminal = SerialConsole.open(dir, "--config", config.toString())) {
            terminal.await(PROMPT, WAIT);
            terminal.type("pin set");
            terminal.await("new PIN: ", WAIT);
            terminal.type("2468");
            terminal.await("new PIN again: ", WAIT);
            terminal.type("2468");
            assertTrue(terminal.await(PROMPT, WAIT).contains("PIN set (stored hashed in "));
            terminal.type("config show");
            String shown = terminal.await(PROMPT, WAIT);
            assertTrue(shown.contains("console.pin_hash = ******"), shown);
            terminal.type("exit");
            assertEquals(0, terminal.awaitExit(WAIT));
        }
        try (SerialConsole terminal = SerialConsole.open(dir, "--config", config.toString())) {
            terminal.await("PIN: ", WAIT);
            terminal.type("1111");
            terminal.await("wrong PIN", WAIT);
            terminal.await("PIN: ", WAIT);
            terminal.type("2468");
            terminal.await(PROMPT, WAIT);
            terminal.type("volume");
            terminal.await("volume 70", WAIT);
            terminal.type("exit");
            assertEquals(0, terminal.awaitExit(WAIT));
            assertFalse(terminal.screen().contains("2468") || terminal.screen().contains("1111"),
                    "PINs are typed without echo:\n" + terminal.screen());
        }
        String hashLine = Files.readString(dir.resolve("station/state/config-overrides.properties"));
        assertTrue(hashLine.contains("console.pin_hash=pbkdf2-sha256$") && !hashLine.contains("2468"), hashLine);

        List<String> lines = new ArrayList<>();
        assertEquals(4, console(lines, "status"), "a script without the PIN is refused");
        assertEquals(List.of("console: a PIN is set; give it in COMMUNE_RADIO_PIN"), lines);
        ServiceProcess withPin = ServiceProcess.start(dir, java.util.Map.of("COMMUNE_RADIO_PIN", "2468"), "console",
                "--config", config.toString(), "volume");
        assertEquals(0, withPin.awaitExit(WAIT));
        assertEquals("volume 70 (emergencies: 100)", withPin.stdout());
    }

    @Test
    void afterAKillTheStaleSocketIsReplacedAndTheSocketIsForTheGroupOnly() throws Exception {
        Path socket = dir.resolve("station/state/console/console.sock");
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
        station.process().kill();
        station.process().awaitExit(WAIT);
        assertTrue(Files.exists(socket), "SIGKILL leaves the socket file behind");
        List<String> lines = new ArrayList<>();
        assertEquals(3, console(lines, "status"));
        assertTrue(lines.get(0).startsWith("commune-radio is not running"), lines.toString());
        station.start();
        station.process().awaitLine("console: stale socket \\S+ replaced", WAIT);
        lines.clear();
        assertEquals(0, console(lines, "status"));
        assertTrue(lines.get(0).startsWith("station con-1, version"), lines.toString());
    }

    @Test
    void consoleBroadcastsFollowThePrioritiesOfMqttCommands() throws Exception {
        String bulletin = central.send(district, "con-1", "play", java.util.Map.of("source", "tone:300"));
        central.awaitAck("con-1", bulletin, "started");

        List<String> lines = new ArrayList<>();
        assertEquals(0, console(lines, "tone", "600", "1"));
        central.awaitAck("con-1", bulletin, "preempted");
        central.client().await(m -> m.payload().contains("\"id\":\"" + bulletin + "\"")
                && m.payload().contains("\"resumed\":true"), WAIT);

        lines.clear();
        assertEquals(1, console(lines, "relay", "zone1", "off"), "the relays belong to the running session");
        assertTrue(lines.get(0).startsWith("relay zone1: session " + bulletin + " (normal) is playing and owns the "
                + "relays"), lines.toString());

        String emergency = central.send(province, "con-1", "play", java.util.Map.of("source", "tone:900",
                "priority", "emergency"));
        central.awaitAck("con-1", emergency, "started");
        lines.clear();
        assertEquals(0, console(lines, "stop"));
        assertEquals(List.of("1 session(s) stopped"), lines, "the waiting bulletin stops, the emergency does not");
        central.awaitAck("con-1", bulletin, "stopped");
        lines.clear();
        assertEquals(0, console(lines, "status"));
        assertTrue(lines.get(1).startsWith("playing: session " + emergency + " (emergency)"), lines.toString());
    }

    @Test
    void scheduleListsTheItemsAndNetTriesTheirStreamHosts() throws Exception {
        int closedPort = Mosquitto.freePort(); // nothing listens there
        String jti = central.send(district, "con-1", "schedule", java.util.Map.of("op", "put", "items", List.of(
                java.util.Map.of("id", "morning", "days", List.of("mon", "fri"), "at", "06:30",
                        "source", "http://127.0.0.1:" + closedPort + "/news.mp3", "duration_s", 600))));
        central.awaitAck("con-1", jti, "finished");
        central.awaitState("con-1", "\"next_item\":\"morning\"");
        List<String> lines = new ArrayList<>();
        assertEquals(0, console(lines, "schedule"));
        assertTrue(lines.get(0).matches(" +morning +mon,fri 06:30 +normal +http://127.0.0.1:" + closedPort
                + "/news.mp3, 600 s"), lines.toString());
        assertTrue(lines.get(1).matches("next: morning at \\d{4}-\\d\\d-\\d\\d 06:30:00 \\(Asia/Ho_Chi_Minh\\); clock "
                + "trusted; 0 missed since start"), lines.toString());
        lines.clear();
        assertEquals(0, console(lines, "net"), "the broker is reachable");
        assertTrue(lines.stream().anyMatch(l -> l.matches("broker 127.0.0.1:\\d+: reachable \\(127.0.0.1, TCP connect "
                + "in \\d+ ms\\)")), lines.toString());
        assertTrue(lines.contains("stream 127.0.0.1:" + closedPort + ": NOT reachable: connection refused"),
                lines.toString());
    }

    /** Runs {@code console --config ... args} without a terminal (as a script does); returns its exit status. */
    private int console(List<String> lines, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("console", "--config", config.toString()));
        all.addAll(List.of(args));
        ServiceProcess p = ServiceProcess.start(dir, all.toArray(String[]::new));
        int status = p.awaitExit(WAIT);
        lines.addAll(p.stdout().lines().toList());
        assertEquals("", p.stderr());
        return status;
    }

    /** Whether some 100 ms of {@code x} has {@code hz} as its strongest frequency. */
    private static boolean heard(float[] x, double hz) {
        int window = 4800;
        for (int i = 0; i + window <= x.length; i += window) {
            if (Spectrum.rms(x, i, window) > 0.01 && Math.abs(Spectrum.strongest(x, i, window, 48_000, 100, 4000) - hz) < 3) {
                return true;
            }
        }
        return false;
    }
}
