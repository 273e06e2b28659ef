package vn.communeradio.tests.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.hal.audio.WavFile;
import vn.communeradio.tests.support.Command;
import vn.communeradio.tests.support.ServiceProcess;

/**
 * The packaged service on simulated hardware: start, status, clean stop, SIGKILL, a second instance, a board
 * without a decoding library.
 */
class ServiceLifecycleTest {

    private static final Duration START = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Path config(String extra) throws Exception {
        Path file = dir.resolve("gateway.properties");
        Files.writeString(file, """
                station.id = sim-1
                mqtt.url = tcp://127.0.0.1:1883
                hal.gpio = sim
                hal.audio = wav:%s
                relay.zones = 2
                state.dir = %s
                status.log_interval_s = 1
                """.formatted(dir.resolve("speakers.wav"), dir.resolve("state")) + extra);
        return file;
    }

    @Test
    void startsWithRelaysOffLogsStatusAndStopsCleanlyOnSigterm() throws Exception {
        Path logFile = dir.resolve("logs/gateway.log");
        Files.createDirectories(logFile.getParent());
        try (ServiceProcess service = ServiceProcess.start(dir, "run", "--config",
                config("log.file = " + logFile + "\n").toString())) {
            service.awaitLine("station sim-1 starting, version \\S+, relays \\[amp, zone1, zone2\\] off", START);
            service.awaitLine("audio output wav:\\S+speakers.wav \\(48000 Hz, 2 ch, 16-bit\\) started", START);
            String status = service.awaitLine("status: station sim-1 idle", START);
            assertTrue(status.contains("relays amp=off zone1=off zone2=off"), status);
            // the periodic status proves the control loop keeps turning
            service.awaitLine("status: .* uptime [1-9]\\d* s", START);
            assertTrue(Files.exists(dir.resolve("state/station.lock")));

            long t0 = System.nanoTime();
            service.terminate();
            service.awaitLine("station sim-1 stopped; relays off", Duration.ofSeconds(10));
            int status143 = service.awaitExit(Duration.ofSeconds(10));
            assertEquals(143, status143, "SIGTERM exit status (128 + 15)");
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos(), "stops promptly");
            assertEquals("", service.stderr());
        }
        String logged = Files.readString(logFile);
        assertTrue(logged.contains("station sim-1 starting") && logged.contains("station sim-1 stopped; relays off"),
                "the optional log file has the same lines as stdout:\n" + logged);
        WavFile wav = WavFile.read(dir.resolve("speakers.wav"));
        assertEquals(wav.data().length, wav.declaredDataBytes(), "clean stop finalises the WAV header");
        assertTrue(wav.seconds() > 1.0, "played silence for as long as it ran: " + wav.seconds());
    }

    @Test
    void afterSigkillTheWavIsReadableUpToItsLastWrite() throws Exception {
        try (ServiceProcess service = ServiceProcess.start(dir, "run", "--config", config("").toString())) {
            service.awaitLine("status: .* uptime [2-9] s", START);
            service.kill();
            service.awaitExit(Duration.ofSeconds(10));
            assertTrue(!service.stdout().contains("stopping"), "SIGKILL runs no shutdown code");
        }
        WavFile wav = WavFile.read(dir.resolve("speakers.wav"));
        assertEquals(48_000, wav.sampleRate());
        assertTrue(wav.seconds() >= 1.0, "at least a second was written before the kill: " + wav.seconds());
        assertTrue(wav.declaredDataBytes() > 0 && wav.declaredDataBytes() <= wav.data().length,
                "sizes as of the last write: " + wav.declaredDataBytes() + " of " + wav.data().length);
    }

    @Test
    void aSecondServiceOnTheSameStateDirRefusesToStart() throws Exception {
        Path cfg = config("");
        try (ServiceProcess first = ServiceProcess.start(dir, "run", "--config", cfg.toString())) {
            first.awaitLine("status: station sim-1", START);
            try (ServiceProcess second = ServiceProcess.start(dir, "run", "--config", cfg.toString())) {
                assertEquals(1, second.awaitExit(START));
                assertTrue(second.stdout().contains("is in use by another running service (pid " + first.pid() + ")"),
                        second.stdout());
                assertTrue(!second.stdout().contains("relays ["), "the second one touched no relay");
            }
        }
    }

    @Test
    void startupFailureHalfWayIsOneClearLineAndExitOne() throws Exception {
        Path cfg = config("hal.watchdog = /nonexistent/watchdog\n");
        try (ServiceProcess service = ServiceProcess.start(dir, "run", "--config", cfg.toString())) {
            assertEquals(1, service.awaitExit(START));
            String out = service.stdout();
            assertTrue(out.contains("start-up failed: cannot open hardware watchdog /nonexistent/watchdog"), out);
            assertTrue(!out.contains("\tat "), "no stack trace: " + out);
        }
    }

    @Test
    void withoutLibmpg123ItSaysWhichPackageToInstallAndExitsTwo() throws Exception {
        // the library file hidden in a mount namespace of the service's own (needs root, as the netns tests do)
        Command.Result where = Command.run("sh", "-c", "ldconfig -p | sed -n 's/.*libmpg123.so.0 .*=> //p'");
        String library = where.output().lines().findFirst().orElseThrow(
                () -> new AssertionError("libmpg123.so.0 is not installed: apt-get install libmpg123-0"));
        String real = Path.of(library).toRealPath().toString();
        List<String> hidden = List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mount --bind /dev/null " + real + " && exec \"$@\"", "sh");
        try (ServiceProcess service = ServiceProcess.start(dir, Map.of(), hidden, "run", "--config",
                config("").toString())) {
            assertEquals(2, service.awaitExit(START), service.stdout() + service.stderr());
            assertTrue(service.stderr().contains("cannot start: libmpg123.so.0 cannot be loaded: install the Debian "
                    + "package libmpg123-0"), service.stderr());
            assertTrue(!service.stderr().contains("\tat "), "no stack trace: " + service.stderr());
            assertTrue(!service.stdout().contains("relays ["), "nothing was touched: " + service.stdout());
        }
    }
}
