package vn.communeradio.tests.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.communeradio.gateway.command.CommandSigner;
import vn.communeradio.tests.support.Central;
import vn.communeradio.tests.support.Command;
import vn.communeradio.tests.support.ControlRoom;
import vn.communeradio.tests.support.DebianPackage;
import vn.communeradio.tests.support.DebianRoot;
import vn.communeradio.tests.support.LogWatcher;
import vn.communeradio.tests.support.MqttTestClient;
import vn.communeradio.tests.support.ServiceProcess;
import vn.communeradio.tests.support.StreamServer;

/**
 * Remote updates end to end, in a Debian 12 root (never this machine) with the package installed by apt: the
 * installed service as its own user on a real broker, packages served over loopback HTTP, the package's own root
 * step ({@code install-update}) driving dpkg for real. systemd does not run here: a shell loop stands for the
 * path unit (it starts the root step when the request file appears) and a small script for
 * {@code systemctl restart} (it stops the service by its pid and starts the installed one again as its user).
 */
class RemoteUpdateTest {

    private static final String STATION = "upd-0001";
    private static final String STATE = "/var/lib/commune-radio";
    private static final String REQUEST = STATE + "/update/request";
    /** What the test's "systemctl restart" started last: the service's pid. */
    private static final String PID_FILE = "/run/commune-radio-test.pid";
    private static final String SERVICE_LOG = "/var/log/commune-radio-test.log";
    private static final String RESTART = """
            #!/bin/sh
            # stands for 'systemctl restart commune-radio.service' in RemoteUpdateTest
            if [ -f %1$s ]; then
              pid=$(cat %1$s)
              kill "$pid" 2>/dev/null
              i=0
              while kill -0 "$pid" 2>/dev/null && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
              kill -9 "$pid" 2>/dev/null
            fi
            echo "--- restart" >> %2$s
            setpriv --reuid=commune-radio --regid=commune-radio --init-groups /usr/bin/commune-radio run \\
              >> %2$s 2>&1 < /dev/null &
            echo $! > %1$s
            """.formatted(PID_FILE, SERVICE_LOG);
    private static final Duration ROOT_STEP = Duration.ofSeconds(180);

    private DebianRoot debian;
    private Central central;
    private StreamServer server;
    private Path dir;

    @Test
    void updatesRollsBackAndRefusesWhatItMust() throws Exception {
        Path deb = DebianPackage.file();
        String n = DebianPackage.field("Version");
        dir = Files.createTempDirectory("update-root-");
        try (DebianRoot root = DebianRoot.create(dir)) {
            debian = root;
            Files.copy(deb, debian.file("/tmp/commune-radio.deb"));
            Command.Result install = debian.run("apt-get", "install", "-y", "-q", "--no-install-recommends",
                    "/tmp/commune-radio.deb");
            assertEquals(0, install.status(), install.output());
            assertEquals("commune-radio:commune-radio 750", debian.ok("stat", "-c", "%U:%G %a", STATE + "/update").strip());
            // the room's keys are the installed station's trusted keys (/etc/commune-radio/keys, the package's);
            // province signs releases (security.update_keys), district is a key not allowed updates
            try (ControlRoom room = ControlRoom.start(debian.file("/etc/commune-radio"));
                 StreamServer http = StreamServer.start();
                 LogWatcher log = new LogWatcher(room.broker().url(), STATION)) {
                central = room.central();
                server = http;
                CommandSigner release = room.province();
                CommandSigner district = room.district();
                debian.configureStation(STATION, room.broker().url(), "security.update_keys = province\n"
                        + "update.health_timeout_s = 10\n");
                Files.writeString(debian.file("/usr/local/sbin/test-restart"), RESTART);
                debian.ok("chmod", "755", "/usr/local/sbin/test-restart");
                updateRollBackAndRefusals(release, district, deb, n, log);
            }
        }
        assertFalse(Files.exists(dir), "the root is unmounted and removed");
    }

    /** Everything after the set-up, on the installed station: it is stopped at the end whatever happens. */
    private void updateRollBackAndRefusals(CommandSigner release, CommandSigner district, Path deb, String n,
                                           LogWatcher log) throws Exception {
        try {
            debian.ok("/usr/local/sbin/test-restart");
            central.awaitState(STATION, "\"online\":true");
            central.awaitState(STATION, "\"version\":\"" + n + "\"");

            long pid = servicePid();
            Path good = DebianPackage.rebuilt(deb, dir.resolve("packages"), "next", tree -> { });
            Path broken = DebianPackage.rebuilt(deb, dir.resolve("packages"), "broken", tree -> {
                // a broken build: the launcher names a jar that is not there, so the new version never starts
                Path launcher = tree.resolve("usr/bin/commune-radio");
                Files.writeString(launcher, Files.readString(launcher).replace(
                        "jar=/usr/share/commune-radio/commune-radio.jar", "jar=/usr/share/commune-radio/missing.jar"));
            });
            server.serve("/next.deb", StreamServer.Reply.sized(Files.readAllBytes(good)));
            server.serve("/broken.deb", StreamServer.Reply.sized(Files.readAllBytes(broken)));
            server.serve("/cut.deb", StreamServer.Reply.sized(Files.readAllBytes(good)).dropAfter(100_000));

            // refused before anything is downloaded: a key not allowed updates, a downgrade
            String forbidden = central.send(district, STATION, "update", update(n + "+next", "/next.deb", sha(good)));
            central.awaitRejected(STATION, forbidden, "forbidden", "security.update_keys");
            String older = central.send(release, STATION, "update", update("0.0.1", "/next.deb", sha(good)));
            central.awaitRejected(STATION, older, "downgrade", "allow_downgrade");
            // the same version again: done, nothing to do
            String same = central.send(release, STATION, "update", update(n, "/next.deb", sha(good)));
            Map<String, Object> noop = central.awaitAck(STATION, same, "finished");
            assertEquals(n, noop.get("version"));
            assertEquals(List.of("accepted", "finished"), central.statuses(same));
            // downloaded, then refused: a package whose SHA-256 is not the command's, a download that keeps
            // breaking off (the service resumes it, 5 attempts over ~15 s, then gives up)
            String wrongHash = central.send(release, STATION, "update",
                    update(n + "+next", "/next.deb", sha(broken)));
            assertFailed(wrongHash, "checksum_mismatch", "SHA-256 is " + sha(good));
            String cut = central.send(release, STATION, "update", update(n + "+next", "/cut.deb", sha(good)));
            assertFailed(cut, "source_unreachable", "incomplete after 5 attempts");
            // N ran through all of it, untouched
            assertEquals(pid, servicePid(), "the service was never restarted");
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "N still runs");
            assertEquals(n, installedVersion());
            assertFalse(Files.exists(debian.file(REQUEST)), "nothing was handed to the root step");
            assertFalse(Files.exists(debian.file(STATE + "/update/package.deb")), "nothing unverified kept");

            // root does not take the service's word: a request a compromised service could write (a genuine
            // package, a command signed by a key not allowed updates) is refused by the root step itself
            long now = java.time.Instant.now().getEpochSecond();
            String unallowed = district.sign(CommandSigner.claims("forged-1", "test", "station/" + STATION, now,
                    now + 60, "update", update(n + "+next", "/next.deb", sha(good))));
            Files.copy(good, debian.file(STATE + "/update/package.deb"));
            Files.writeString(debian.file(REQUEST), "version=" + n + "+next\nsha256=" + sha(good) + "\nfrom=" + n
                    + "\nhealth_timeout_s=10\ncommand=" + unallowed + "\n");
            ServiceProcess forged = pathUnit();
            assertEquals(1, forged.awaitExit(ROOT_STEP), forged.stderr());
            String refusal = Files.readString(debian.file(STATE + "/update/outcome"));
            assertTrue(refusal.contains("result=failed") && refusal.contains("code=forbidden")
                    && refusal.contains("security.update_keys"), refusal);
            assertEquals(n, installedVersion());
            assertFalse(Files.exists(debian.file(REQUEST)), "the request is consumed");
            Files.delete(debian.file(STATE + "/update/outcome"));
            Files.delete(debian.file(STATE + "/update/package.deb"));
            assertEquals(pid, servicePid(), "the service was not restarted");

            // a new version that cannot start: installed, never online, rolled back to N by itself
            ServiceProcess rootStep = pathUnit();
            String bad = central.send(release, STATION, "update", update(n + "+broken", "/broken.deb", sha(broken)));
            MqttTestClient.Received badStarted = central.awaitAckMessage(STATION, bad, "started", Duration.ofSeconds(30));
            assertEquals(n + "+broken", Central.ack(badStarted.payload()).get("version"));
            MqttTestClient.Received badFailed = central.awaitAckMessage(STATION, bad, "failed", ROOT_STEP);
            printHandOver("failed rolled_back", badStarted, badFailed);
            Map<String, Object> rolledBack = Central.ack(badFailed.payload());
            assertEquals("rolled_back", rolledBack.get("code"), rolledBack.toString());
            assertEquals(n, rolledBack.get("version"), "the ack names the version running now");
            assertTrue(((String) rolledBack.get("reason")).contains("did not come back online"), rolledBack.toString());
            assertEquals(1, rootStep.awaitExit(ROOT_STEP), "the root step ends with status 1 after a rollback:\n"
                    + rootStep.stderr());
            assertEquals(n, installedVersion(), rootStep.stderr());
            central.awaitState(STATION, "\"version\":\"" + n + "\"");
            assertTrue(rootStep.stderr().contains("kept version " + n), rootStep.stderr());
            assertLogged(log, bad, "failed", "rolled_back");
            assertTrue(Files.readString(debian.file("/etc/commune-radio/gateway.properties"))
                    .contains("station.id = " + STATION), "the local configuration survives install and rollback");

            // N -> N+1: downloaded, verified, installed, online again, acked with the new version
            long before = servicePid();
            rootStep = pathUnit();
            String next = central.send(release, STATION, "update", update(n + "+next", "/next.deb", sha(good)));
            assertEquals(n + "+next", central.awaitAck(STATION, next, "accepted").get("version"));
            MqttTestClient.Received nextStarted = central.awaitAckMessage(STATION, next, "started", ROOT_STEP);
            MqttTestClient.Received nextFinished = central.awaitAckMessage(STATION, next, "finished", ROOT_STEP);
            printHandOver("finished", nextStarted, nextFinished);
            Map<String, Object> finished = Central.ack(nextFinished.payload());
            assertEquals(n + "+next", finished.get("version"), finished.toString());
            assertEquals(List.of("accepted", "started", "finished"), central.statuses(next));
            assertEquals(0, rootStep.awaitExit(ROOT_STEP), rootStep.stderr());
            assertEquals(n + "+next", installedVersion());
            assertNotEquals(before, servicePid(), "the new version runs in a new process");
            central.awaitState(STATION, "\"version\":\"" + n + "+next\"");
            central.awaitState(STATION, "\"result\":\"finished\"");
            assertLogged(log, next, "finished", null);
            String status = debian.ok("/usr/bin/commune-radio", "console", "status");
            assertTrue(status.contains("version " + n + "+next"), status);
            assertTrue(status.contains("update: idle; last: finished (" + n + "+next, now " + n + "+next)"), status);
            // the outcome is reported once: a restart of the new version sends nothing again
            debian.ok("/usr/local/sbin/test-restart");
            central.awaitState(STATION, "\"online\":true");
            assertEquals(List.of("accepted", "started", "finished"), central.statuses(next));
            assertEquals(1, log.records().stream().filter(r -> next.equals(r.get("jti"))).map(r -> r.get("seq"))
                    .distinct().count(), "one log record of the update");

            // a power cut after dpkg had installed the new version, before it came online: at boot the path unit
            // runs the root step again (the request is still there) and the service starts; the root step waits
            // for the new version, and the service reports the update it handed over before the cut
            String cutJti = "power-cut-1";
            Files.writeString(debian.file(STATE + "/update/pending"), "jti=" + cutJti + "\nversion=" + n
                    + "+next\nfrom=" + n + "\nurl=" + server.uri("/next.deb") + "\nhanded_at="
                    + System.currentTimeMillis() + "\n");
            Files.writeString(debian.file(REQUEST), "version=" + n + "+next\nsha256=" + sha(good) + "\nfrom=" + n
                    + "\nhealth_timeout_s=10\n");
            Files.deleteIfExists(debian.file(STATE + "/update/health"));
            rootStep = pathUnit();
            debian.ok("/usr/local/sbin/test-restart");
            Map<String, Object> resumed = central.awaitAck(STATION, cutJti, "finished", ROOT_STEP);
            assertEquals(n + "+next", resumed.get("version"), resumed.toString());
            assertEquals(0, rootStep.awaitExit(ROOT_STEP), rootStep.stderr());
            assertTrue(rootStep.stderr().contains("already installed; waiting for it to come online"),
                    rootStep.stderr());
            assertEquals(n + "+next", installedVersion());
        } finally {
            stopService();
        }
    }

    /**
     * The hand-over's time as a central system sees it: from the {@code started} ack (the package verified and
     * handed to the root step) to the final one, both stamped as they arrived (docs/packaging.md quotes it).
     */
    private static void printHandOver(String outcome, MqttTestClient.Received started, MqttTestClient.Received end) {
        System.out.printf("RemoteUpdateTest: hand-over (started ack -> %s ack) %.1f s%n", outcome,
                (end.arrivedNanos() - started.arrivedNanos()) / 1e9);
    }

    private Map<String, Object> update(String version, String path, String sha256) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("version", version);
        args.put("url", server.uri(path).toString());
        args.put("sha256", sha256);
        return args;
    }

    private void assertFailed(String jti, String code, String reasonPart) throws Exception {
        Map<String, Object> ack = central.awaitAck(STATION, jti, "failed", Duration.ofSeconds(60));
        assertEquals(code, ack.get("code"), ack.toString());
        assertTrue(((String) ack.get("reason")).contains(reasonPart), ack.toString());
        assertEquals(List.of("accepted", "failed"), central.statuses(jti));
    }

    private static void assertLogged(LogWatcher log, String jti, String outcome, String code) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (log.records().stream().noneMatch(r -> jti.equals(r.get("jti")))) {
            assertTrue(System.nanoTime() < deadline, "no log record of update " + jti + ": " + log.records());
            Thread.sleep(100);
        }
        Map<String, Object> record = log.records().stream().filter(r -> jti.equals(r.get("jti"))).findFirst().orElseThrow();
        assertEquals(outcome, record.get("outcome"), record.toString());
        assertEquals(code, record.get("code"), record.toString());
        assertTrue(((String) record.get("session")).startsWith("update:"), record.toString());
        assertEquals("update", record.get("origin"), record.toString());
    }

    /** Stands for commune-radio-update.path: starts the package's root step once the request file appears. */
    private ServiceProcess pathUnit() throws Exception {
        return ServiceProcess.command(dir, Map.of("PATH", DebianRoot.ENV.get("PATH"), "LC_ALL", "C.UTF-8",
                "COMMUNE_RADIO_RESTART", "/usr/local/sbin/test-restart"), debian.chroot("/bin/sh", "-c",
                "while [ ! -f " + REQUEST + " ]; do sleep 0.2; done; exec /usr/lib/commune-radio/install-update"));
    }

    private long servicePid() throws Exception {
        return Long.parseLong(Files.readString(debian.file(PID_FILE)).strip());
    }

    private String installedVersion() throws Exception {
        return debian.ok("dpkg-query", "-W", "-f", "${Version}", "commune-radio").strip();
    }

    private void stopService() throws Exception {
        if (Files.exists(debian.file(PID_FILE))) {
            long pid = servicePid();
            ProcessHandle.of(pid).ifPresent(p -> {
                p.destroy();
                p.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).exceptionally(e -> null).join();
                p.destroyForcibly();
            });
        }
        System.out.println(Files.exists(debian.file(SERVICE_LOG)) ? Files.readString(debian.file(SERVICE_LOG)) : "");
    }

    private static String sha(Path file) throws Exception {
        return DebianPackage.sha256(file);
    }
}
