package vn.communeradio.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.tests.support.ServiceProcess;

/** The packaged jar's command line, as an installer or a technician uses it. */
class CommandLineTest {

    private static final Duration EXIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private record Result(int status, String out, String err) {
    }

    private Result run(String... args) throws Exception {
        try (ServiceProcess p = ServiceProcess.start(dir, args)) {
            int status = p.awaitExit(EXIT);
            return new Result(status, p.stdout(), p.stderr());
        }
    }

    private Path config(String text) throws Exception {
        Path file = dir.resolve("gateway.properties");
        Files.writeString(file, text);
        return file;
    }

    private String validConfig() {
        return "station.id = t-1\nmqtt.url = tcp://127.0.0.1:1883\nstate.dir = " + dir.resolve("state") + "\n";
    }

    @Test
    void versionAndHelp() throws Exception {
        Result version = run("--version");
        assertEquals(0, version.status());
        assertTrue(version.out().matches("commune-radio \\d+\\.\\d+\\.\\d+.*"), version.out());

        Result help = run("--help");
        assertEquals(0, help.status());
        assertTrue(help.out().contains("run") && help.out().contains("relays-off"), help.out());

        for (String command : new String[] {"run", "check", "relays-off", "update-check"}) {
            Result sub = run(command, "--help");
            assertEquals(0, sub.status(), command);
            assertTrue(sub.out().startsWith("Usage: commune-radio " + command), sub.out());
        }
    }

    @Test
    void unknownCommandOrArgumentIsUsageError() throws Exception {
        Result unknown = run("play");
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().contains("unknown command 'play'"), unknown.err());

        Result badArg = run("run", "--confg", "x");
        assertEquals(2, badArg.status());
        assertTrue(badArg.err().contains("unexpected argument '--confg'"), badArg.err());
    }

    @Test
    void checkAcceptsAValidConfig() throws Exception {
        Result check = run("check", "--config", config(validConfig()).toString());
        assertEquals(0, check.status(), check.err());
        assertTrue(check.out().endsWith(": valid"), check.out());
    }

    @Test
    void aKeyWithoutEffectIsAWarningOfCheckAndOfRunWhichStartsAnyway() throws Exception {
        // the conffile kept the sense microphone's tuning after the station lost its sense input
        Path file = config(validConfig() + "hearing.min_level_db = -50\n");
        Result check = run("check", "--config", file.toString());
        assertEquals(0, check.status(), check.err());
        assertTrue(check.out().contains("config warning: hearing.min_level_db = -50 has no effect: it is read only "
                + "with a sense input"), check.out());
        assertTrue(check.out().endsWith(": valid, 1 warning(s)"), check.out());

        try (ServiceProcess service = ServiceProcess.start(dir, "run", "--config", file.toString())) {
            service.awaitLine("WARN.*config warning: hearing.min_level_db = -50 has no effect.*audio.sense_channel",
                    EXIT);
            service.awaitLine("status: station t-1 idle", EXIT); // it started: the warning stopped nothing
            service.terminate();
            service.awaitLine("station t-1 stopped; relays off", EXIT);
            assertEquals(143, service.awaitExit(EXIT), "SIGTERM exit status (128 + 15)");
        }
    }

    @Test
    void eachKindOfBadConfigExitsTwoNamingTheKeyAndTouchesNothing() throws Exception {
        String[][] cases = {
                // config text, expected fragment
                {"mqtt.url = tcp://127.0.0.1:1883\n", "config error: station.id: required but not set"},
                {validConfig() + "mqtt.prefx = a/b\n", "config error: mqtt.prefx: unknown key (did you mean 'mqtt.prefix'?)"},
                {validConfig() + "hal.audio = alsa\n", "config error: hal.audio: 'alsa' is not accepted; expected null, wav:PATH, jack or javasound"},
                {validConfig() + "hal.gpio = yes\n", "config error: hal.gpio: 'yes' is not accepted; expected sim or pi4j"},
                {validConfig() + "relay.zone1.pin = 17\n", "config error: relay.zone1.pin: GPIO line 17 is already used by relay amp"},
        };
        for (String[] c : cases) {
            Path file = config(c[0]);
            Result result = run("run", "--config", file.toString());
            assertEquals(2, result.status(), c[0] + "\n" + result.err());
            assertTrue(result.err().contains(c[1]), "expected '" + c[1] + "' in:\n" + result.err());
            assertFalse(result.err().contains("Exception"), "no stack trace: " + result.err());
            assertFalse(Files.exists(dir.resolve("state")), "nothing is touched when the config is bad");
            assertEquals("", result.out(), "nothing started, nothing logged");
        }
    }

    @Test
    void unreadableOrMissingFileIsOneLine() throws Exception {
        Result missing = run("run", "--config", dir.resolve("absent.properties").toString());
        assertEquals(2, missing.status());
        assertTrue(missing.err().startsWith("config error: config file " + dir.resolve("absent.properties")
                + ": does not exist"), missing.err());

        Result directory = run("check", "--config", dir.toString());
        assertEquals(2, directory.status());
        assertTrue(directory.err().contains("config file " + dir), directory.err());

        Path unreadable = config(validConfig());
        unreadable.toFile().setReadable(false, false);
        if (!Files.isReadable(unreadable)) { // root reads everything: the case only exists for other users
            Result denied = run("check", "--config", unreadable.toString());
            assertEquals(2, denied.status());
            assertTrue(denied.err().contains("permission denied"), denied.err());
        }
    }

    @Test
    void relaysOffSwitchesTheConfiguredRelays() throws Exception {
        Result off = run("relays-off", "--config", config(validConfig() + "relay.zones = 3\n").toString());
        assertEquals(0, off.status(), off.err());
        assertTrue(off.out().contains("relays off: amp, zone1, zone2, zone3"), off.out());
    }
}
