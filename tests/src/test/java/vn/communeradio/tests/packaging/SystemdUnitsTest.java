package vn.communeradio.tests.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import vn.communeradio.gateway.command.CommandSigner;
import vn.communeradio.hal.clock.KernelClock;
import vn.communeradio.tests.support.Central;
import vn.communeradio.tests.support.Command;
import vn.communeradio.tests.support.DebianPackage;
import vn.communeradio.tests.support.DebianRoot;
import vn.communeradio.tests.support.Mosquitto;
import vn.communeradio.tests.support.ServiceProcess;
import vn.communeradio.tests.support.SigningKeys;
import vn.communeradio.tests.support.StreamServer;
import vn.communeradio.tests.support.SystemdContainer;

/**
 * The package's units under a real systemd: a Debian 12 root with systemd as PID 1 of a container, the .deb
 * installed by apt while it runs (so postinst talks to that systemd), the service on simulated hardware and a real
 * broker on loopback. Proves what the units promise: the service starts and comes online under its hardening
 * (read-only system, its own writable state, no new privileges, device access closed to all but its devices);
 * the watchdog stops a hung service, kills one that ignores its SIGTERM, and systemd starts it again; after a
 * SIGKILL, ExecStopPost runs relays-off as root and Restart=always brings the station back; a remote update goes
 * through the path unit and the root step to the new version online; status 75 reboots the board, and at boot the
 * enabled service starts by itself. docs/packaging.md lists the steps, their figures and what is not proven.
 */
class SystemdUnitsTest {

    private static final String STATION = "sysd-0001";
    private static final String UNIT = "commune-radio.service";
    private static final String RELEASE_KEY = "province-release";
    /** WatchdogSec, TimeoutAbortSec and RestartSec of the unit, plus a JVM start on a loaded CI machine. */
    private static final Duration WATCHDOG_RECOVERY = Duration.ofSeconds(30 + 15 + 5 + 60);
    private static final Duration RESTART = Duration.ofSeconds(5 + 60);

    private DebianRoot debian;
    private Central central;
    private String brokerUrl;
    /** Signs update commands: a key of security.update_keys. */
    private CommandSigner release;

    @Test
    void unitsStartSuperviseRestartUpdateAndRebootUnderSystemd() throws Exception {
        Path deb = DebianPackage.file();
        Path dir = Files.createTempDirectory("systemd-root-");
        try (DebianRoot root = DebianRoot.createBootable(dir); Mosquitto broker = Mosquitto.start();
             Central c = new Central(broker.url()); StreamServer http = StreamServer.start()) {
            debian = root;
            central = c;
            brokerUrl = broker.url();
            try (SystemdContainer box = SystemdContainer.boot(debian, dir)) {
                installedWhileSystemdRuns(box, deb);
                long pid = startsUnderItsHardening(box);
                long second = hungServiceIsRestartedByTheWatchdog(box, pid);
                long third = serviceDeafToSigtermIsKilledAfterTimeoutAbortSec(box, dir, second);
                killedServiceHasItsRelaysSwitchedOffAndIsRestarted(box, third);
                updatesThroughThePathUnit(box, deb, dir, http);
                wedgedLinkRebootsTheBoard(box);
            }
            // booted again, on a network that works: the enabled service starts by itself and comes online; the
            // journal kept why the board rebooted
            debian.configureStation(STATION, brokerUrl, "relay.zones = 2\n");
            int seen = central.client().count();
            long booting = System.nanoTime();
            try (SystemdContainer box = SystemdContainer.boot(debian, dir)) {
                central.awaitState(STATION, "\"online\":true", seen, Duration.ofSeconds(90));
                report("boot to online", booting);
                assertEquals(2, box.ok("journalctl", "--list-boots").lines()
                        .filter(l -> l.matches(".*\\b[0-9a-f]{32}\\b.*")).count(), "a second boot");
                assertEquals("0", box.property(UNIT, "NRestarts"), "started once, at boot");
                String journal = box.journal(UNIT);
                assertTrue(journal.contains("Main process exited, code=exited, status=75/TEMPFAIL"), journal);
                assertTrue(journal.contains("after-stop: the service asked for a reboot"), journal);
                assertEquals("active", box.property(UNIT, "ActiveState"));
            }
        }
        assertFalse(Files.exists(dir), "the root is unmounted and removed");
    }

    /**
     * apt installs the package while systemd runs: postinst enables, reloads and starts for real. Unconfigured, the
     * service stops with status 2 (bad configuration) and systemd does not restart it.
     */
    private void installedWhileSystemdRuns(SystemdContainer box, Path deb) throws Exception {
        Files.copy(deb, debian.file("/root/commune-radio.deb"));
        Command.Result install = box.run("apt-get", "install", "-y", "-q", "--no-install-recommends",
                "/root/commune-radio.deb");
        assertEquals(0, install.status(), install.output());
        assertTrue(install.output().contains("commune-radio: the service did not start: 'commune-radio check' lists"
                + " what to set in /etc/commune-radio/gateway.properties"), install.output());
        assertFalse(install.output().contains("Could not execute systemctl"), install.output());
        assertEquals("failed", box.property(UNIT, "ActiveState"), box.journal(UNIT));
        assertEquals("2", box.property(UNIT, "ExecMainStatus"), box.journal(UNIT));
        assertEquals("0", box.property(UNIT, "NRestarts"), "RestartPreventExitStatus=2: " + box.journal(UNIT));
        assertTrue(box.journal(UNIT).contains("station.id: required but not set"), box.journal(UNIT));
        // no jackd2 (only recommended): the JACK unit is skipped, not restarted every RestartSec for ever
        assertEquals("no", box.property("commune-radio-jack.service", "ConditionResult"));
        assertEquals("0", box.property("commune-radio-jack.service", "NRestarts"));
        assertEquals("enabled", box.ok("systemctl", "is-enabled", "commune-radio-update.path").strip());
        assertEquals("active", box.ok("systemctl", "is-active", "commune-radio-update.path").strip());
    }

    /** Configured, it starts as its own user under the unit's hardening and comes online; returns its pid. */
    private long startsUnderItsHardening(SystemdContainer box) throws Exception {
        release = new SigningKeys(debian.file("/etc/commune-radio/keys")).create(RELEASE_KEY);
        // the packaged clock default (auto), not the test's 'always': the kernel must answer under the hardening
        debian.configureStation(STATION, brokerUrl, "relay.zones = 2\nsecurity.update_keys = " + RELEASE_KEY
                + "\nupdate.health_timeout_s = 60\nclock.sync_marker = auto\n");
        long started = System.nanoTime();
        box.ok("systemctl", "restart", UNIT); // Type=notify: returns once the service said READY=1
        central.awaitState(STATION, "\"online\":true", 0, Duration.ofSeconds(60));
        report("start to online", started);
        long pid = box.mainPid(UNIT);
        String status = Files.readString(Path.of("/proc", String.valueOf(pid), "status"));
        String uid = box.ok("id", "-u", "commune-radio").strip();
        assertTrue(status.lines().anyMatch(l -> l.matches("Uid:\\s+" + uid + "\\s+" + uid + ".*")), status);
        assertTrue(status.contains("NoNewPrivs:\t1"), status);
        assertTrue(status.lines().anyMatch(l -> l.matches("CapEff:\\s+0+")), "no capabilities: " + status);
        assertEquals("ro", mountOptions(pid, "/").get(0), "ProtectSystem=strict");
        assertEquals("rw", mountOptions(pid, "/var/lib/commune-radio").get(0), "ReadWritePaths");
        assertEquals("commune-radio", box.ok("stat", "-c", "%U", "/var/lib/commune-radio/station.lock").strip());
        // DevicePolicy=closed is enforced (not merely accepted): in the service's cgroup a device outside its list
        // cannot be opened, /dev/null can
        String devices = box.run("sh", "-c", "echo $$ > /sys/fs/cgroup/system.slice/" + UNIT + "/cgroup.procs"
                + " && : < /dev/null && echo null-opened && : < /dev/net/tun").output();
        assertTrue(devices.contains("null-opened"), devices);
        assertTrue(devices.contains("/dev/net/tun: Operation not permitted"), devices);
        // the schedule asks the kernel whether NTP synchronised the clock (adjtimex, read-only): a seccomp filter
        // such as ProtectClock=yes refuses that too. This machine must answer first, or the unit's part in it
        // could not be judged
        assertTrue(KernelClock.open().orElseThrow(() -> new AssertionError("no adjtimex on this machine"))
                .state() >= 0, "this machine answers adjtimex, as the service's unit must let it");
        String log = box.journal(UNIT);
        assertFalse(log.contains("cannot ask the kernel"), log);
        return pid;
    }

    /** Hung (SIGSTOP: no more watchdog pings): stopped after WatchdogSec and started again; returns the new pid. */
    private long hungServiceIsRestartedByTheWatchdog(SystemdContainer box, long pid) throws Exception {
        int seen = central.client().count();
        long hung = System.nanoTime();
        Command.ok("kill", "-STOP", String.valueOf(pid));
        central.awaitState(STATION, "\"online\":false", seen, WATCHDOG_RECOVERY);
        report("hang to offline", hung);
        central.awaitState(STATION, "\"online\":true", seen, WATCHDOG_RECOVERY);
        long recovered = report("hang to online again", hung);
        // the last ping came up to WatchdogSec/2 before the hang (the service pings every 15 s)
        assertTrue(recovered >= 15_000, "not before the watchdog's limit: " + recovered + " ms");
        String journal = box.journal(UNIT);
        assertTrue(journal.contains("Watchdog timeout (limit 30s)!"), journal);
        assertTrue(journal.contains("Failed with result 'watchdog'"), journal);
        assertEquals("1", box.property(UNIT, "NRestarts"));
        long second = box.mainPid(UNIT);
        assertNotEquals(pid, second, "a new process");
        return second;
    }

    /**
     * Hung so that it does not end after the watchdog's SIGTERM either: a loop on this machine stops the JVM again
     * the moment systemd's SIGCONT wakes it. systemd kills it TimeoutAbortSec later; ExecStopPost switches the relays
     * off and it is started again. Returns the new pid.
     */
    private long serviceDeafToSigtermIsKilledAfterTimeoutAbortSec(SystemdContainer box, Path dir, long pid)
            throws Exception {
        int seen = central.client().count();
        int before = box.journal(UNIT).length();
        long hung = System.nanoTime();
        Command.ok("kill", "-STOP", String.valueOf(pid));
        // the loop spins a core, so it starts a few seconds before the watchdog can fire: WatchdogSec after the last
        // ping, which systemd records on CLOCK_MONOTONIC, the clock of System.nanoTime on Linux
        long lastPing = Long.parseLong(box.property(UNIT, "WatchdogTimestampMonotonic")) * 1000;
        TimeUnit.NANOSECONDS.sleep(lastPing + Duration.ofSeconds(30 - 5).toNanos() - System.nanoTime());
        assertEquals("active", box.property(UNIT, "ActiveState"), "the watchdog has not fired yet");
        // builtins only (no fork per turn), so the JVM runs for a moment at most between two stops
        try (ServiceProcess keepStopped = ServiceProcess.command(dir, Map.of(), List.of("sh", "-c", """
                while read -r line < /proc/%1$d/stat 2>/dev/null; do
                  set -- $line
                  [ "$3" = T ] || kill -STOP %1$d 2>/dev/null
                done
                """.formatted(pid)))) {
            central.awaitState(STATION, "\"online\":true", seen, WATCHDOG_RECOVERY);
        }
        long recovered = report("hang deaf to SIGTERM to online again", hung);
        assertTrue(recovered >= 15_000 + 15_000, "not before the watchdog's limit and TimeoutAbortSec: " + recovered);
        String journal = box.journal(UNIT).substring(before);
        int timeout = journal.indexOf("Watchdog timeout (limit 30s)!");
        int killed = journal.indexOf("State 'stop-watchdog' timed out. Killing.", timeout);
        int relaysOff = journal.indexOf("relays off: amp, zone1, zone2", killed);
        assertTrue(timeout >= 0 && killed > timeout && relaysOff > killed, journal);
        // it may begin its orderly stop in the moment between systemd's SIGCONT and the loop's next SIGSTOP (a
        // "stopping" line), never finish it: systemd kills it
        assertTrue(journal.contains("Main process exited, code=killed, status=9/KILL"), journal);
        assertFalse(journal.contains("station " + STATION + " stopped; relays off"), journal);
        assertEquals("2", box.property(UNIT, "NRestarts"));
        long next = box.mainPid(UNIT);
        assertNotEquals(pid, next, "a new process");
        return next;
    }

    /** SIGKILL: no shutdown hook runs; ExecStopPost switches the relays off as root, then Restart=always. */
    private void killedServiceHasItsRelaysSwitchedOffAndIsRestarted(SystemdContainer box, long pid) throws Exception {
        int seen = central.client().count();
        int before = box.journal(UNIT).length();
        long killed = System.nanoTime();
        Command.ok("kill", "-KILL", String.valueOf(pid));
        central.awaitState(STATION, "\"online\":false", seen, RESTART); // the broker's last will
        central.awaitState(STATION, "\"online\":true", seen, RESTART);
        report("SIGKILL to online again", killed);
        assertEquals("3", box.property(UNIT, "NRestarts"));
        String afterKill = box.journal(UNIT).substring(before);
        int died = afterKill.indexOf("Main process exited, code=killed, status=9/KILL");
        assertTrue(died >= 0, afterKill);
        int relaysOff = afterKill.indexOf("relays off: amp, zone1, zone2", died);
        assertTrue(relaysOff > died, "after-stop ran relays-off after the kill: " + afterKill);
        assertTrue(afterKill.indexOf("Scheduled restart job", relaysOff) > relaysOff, afterKill);
        assertFalse(afterKill.contains("relays-off failed"), afterKill);
    }

    /**
     * The service, unprivileged, downloads and verifies the package and writes the request; the path unit starts
     * the root step, which installs it with dpkg, restarts the service through systemd and sees the new version
     * online.
     */
    private void updatesThroughThePathUnit(SystemdContainer box, Path deb, Path dir, StreamServer http)
            throws Exception {
        String version = DebianPackage.field("Version");
        Path next = DebianPackage.rebuilt(deb, dir.resolve("packages"), "next", tree -> { });
        http.serve("/next.deb", StreamServer.Reply.sized(Files.readAllBytes(next)));
        long updating = System.nanoTime();
        String jti = central.send(release, STATION, "update", Map.of("version", version + "+next",
                "url", http.uri("/next.deb").toString(), "sha256", DebianPackage.sha256(next)));
        Map<String, Object> finished = central.awaitAck(STATION, jti, "finished", Duration.ofSeconds(180));
        report("update command to finished", updating);
        assertEquals(version + "+next", finished.get("version"), finished.toString());
        assertEquals(version + "+next", box.ok("dpkg-query", "-W", "-f", "${Version}", "commune-radio").strip());
        central.awaitState(STATION, "\"version\":\"" + version + "+next\"");
        String rootStep = box.journal("commune-radio-update.service");
        assertTrue(rootStep.contains("install-update: finished: updated from " + version + " to " + version + "+next"),
                rootStep);
        assertEquals("success", box.property("commune-radio-update.service", "Result"), rootStep);
        assertFalse(Files.exists(debian.file("/var/lib/commune-radio/update/request")), "the request is consumed");
        assertEquals("active", box.property(UNIT, "ActiveState"));
        assertEquals("active", box.property("commune-radio-update.path", "ActiveState"), "waits for the next one");
    }

    /**
     * The broker unreachable and no default route (a wedged modem): the service stops with status 75, after-stop
     * switches the relays off and reboots the board through systemd (nspawn exits 133 for a reboot).
     */
    private void wedgedLinkRebootsTheBoard(SystemdContainer box) throws Exception {
        Files.writeString(debian.file("/var/lib/commune-radio/no-route"), "");
        debian.configureStation(STATION, "tcp://127.0.0.1:" + Mosquitto.freePort(), "relay.zones = 2\n"
                + "link.reboot_after_offline_s = 5\nlink.route_tables = /var/lib/commune-radio/no-route\n");
        long offline = System.nanoTime();
        box.ok("systemctl", "restart", UNIT);
        assertEquals(133, box.awaitShutdown(Duration.ofSeconds(90)), "nspawn's status for a reboot: " + box.console());
        report("unreachable broker to reboot", offline);
    }

    /** The options of the mount a process sees at {@code point} (its own mount namespace), first "ro" or "rw". */
    private static List<String> mountOptions(long pid, String point) throws Exception {
        return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "mountinfo")).stream()
                .map(l -> l.split(" ")).filter(f -> f[4].equals(point)).reduce((a, b) -> b)
                .map(f -> List.of(f[5].split(","))).orElseThrow(() -> new AssertionError("no mount at " + point));
    }

    // the figures the operations guide quotes come from here
    private static long report(String what, long since) {
        long ms = (System.nanoTime() - since) / 1_000_000;
        System.out.println("SystemdUnitsTest: " + what + ": " + ms + " ms");
        return ms;
    }
}
