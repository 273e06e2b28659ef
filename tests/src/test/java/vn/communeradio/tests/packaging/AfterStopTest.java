package vn.communeradio.tests.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.tests.support.Command;
import vn.communeradio.tests.support.DebianPackage;
import vn.communeradio.tests.support.ServiceJvm;

/**
 * The packaged ExecStopPost script, run as systemd runs it after the service exits (EXIT_CODE, EXIT_STATUS):
 * relays off every time, with the real {@code commune-radio relays-off}; a reboot only when the service asked
 * for one with status 75. systemctl is the one stand-in: a script on PATH that records what it was asked.
 */
class AfterStopTest {

    @TempDir
    Path dir;

    private Path script;
    private Path calls;
    private Path config;
    private Path bin;

    @BeforeEach
    void setUp() throws Exception {
        script = DebianPackage.extract(dir.resolve("root")).resolve("usr/lib/commune-radio/after-stop");
        calls = dir.resolve("systemctl.calls");
        bin = Files.createDirectories(dir.resolve("bin"));
        executable(bin.resolve("systemctl"), "#!/bin/sh\necho \"$*\" >> " + calls + "\n");
        // the real command line, as /usr/bin/commune-radio runs it
        executable(bin.resolve("commune-radio"), "#!/bin/sh\nexec " + String.join(" ", ServiceJvm.javaJar())
                + " \"$@\"\n");
        config = dir.resolve("gateway.properties");
        Files.writeString(config, """
                station.id = after-stop-1
                mqtt.url = tcp://127.0.0.1:1883
                hal.gpio = sim
                relay.zones = 2
                state.dir = %s
                """.formatted(dir.resolve("state")));
    }

    private static void executable(Path file, String text) throws Exception {
        Files.writeString(file, text);
        assertTrue(file.toFile().setExecutable(true));
    }

    private Command.Result afterStop(String exitCode, String exitStatus) throws Exception {
        return Command.run(dir, Map.of("PATH", bin + ":/usr/bin:/bin", "COMMUNE_RADIO_CONFIG", config.toString(),
                "EXIT_CODE", exitCode, "EXIT_STATUS", exitStatus), List.of("sh", script.toString()));
    }

    private List<String> systemctlCalls() throws Exception {
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    @Test
    void aCleanStopSwitchesRelaysOffAndDoesNotReboot() throws Exception {
        Command.Result r = afterStop("exited", "0");
        assertEquals(0, r.status(), r.output());
        assertTrue(r.output().contains("relays off: amp, zone1, zone2"), r.output());
        assertEquals(List.of(), systemctlCalls());
    }

    @Test
    void aKilledOrCrashedServiceHasItsRelaysSwitchedOffWithoutReboot() throws Exception {
        for (String[] exit : new String[][] {{"killed", "KILL"}, {"dumped", "ABRT"}, {"exited", "1"}, {"killed", "75"}}) {
            Command.Result r = afterStop(exit[0], exit[1]);
            assertEquals(0, r.status(), r.output());
            assertTrue(r.output().contains("relays off: amp, zone1, zone2"), exit[0] + "/" + exit[1] + ": " + r.output());
        }
        assertEquals(List.of(), systemctlCalls(), "only exit status 75 reboots");
    }

    @Test
    void exitStatus75RebootsTheBoardAfterTheRelaysAreOff() throws Exception {
        Command.Result r = afterStop("exited", "75");
        assertEquals(0, r.status(), r.output());
        assertTrue(r.output().indexOf("relays off: amp, zone1, zone2") >= 0
                && r.output().indexOf("relays off") < r.output().indexOf("asked for a reboot"), r.output());
        assertEquals(List.of("--no-block reboot"), systemctlCalls());
    }

    @Test
    void aRebootIsNotPreventedByAFailedRelaysOff() throws Exception {
        Files.writeString(config, "station.id = broken\n");
        Command.Result r = afterStop("exited", "75");
        assertTrue(r.output().contains("relays-off failed with status 2"), r.output());
        assertEquals(List.of("--no-block reboot"), systemctlCalls());

        Command.Result clean = afterStop("exited", "0");
        assertEquals(2, clean.status(), "a failed relays-off is the script's failure: " + clean.output());
    }
}
