package vn.communeradio.tests.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import vn.communeradio.tests.support.Central;
import vn.communeradio.tests.support.Command;
import vn.communeradio.tests.support.DebianPackage;
import vn.communeradio.tests.support.DebianRoot;
import vn.communeradio.tests.support.Mosquitto;
import vn.communeradio.tests.support.ServiceProcess;

/**
 * The .deb installed with apt into a fresh Debian 12 root (never this machine): users, groups, files and
 * permissions; the installed launcher running the service as its own user on simulated hardware until it is
 * online on a real broker; the serial getty logging the technician in as the console's user, whose shell is the console; an upgrade and a roll back keeping a local configuration edit; a purge removing what
 * install made.
 */
class PackageInstallTest {

    private static final String STATION = "pkg-0001";

    @Test
    void installsRunsAsItsOwnUserAndPurgesCleanly() throws Exception {
        Path deb = DebianPackage.file();
        Path dir = Files.createTempDirectory("debian-root-");
        try (DebianRoot debian = DebianRoot.create(dir); Mosquitto broker = Mosquitto.start();
             Central central = new Central(broker.url())) {
            assertFalse(debian.run("getent", "group", "gpio").status() == 0, "a plain Debian has no gpio group");
            Files.copy(deb, debian.file("/tmp/commune-radio.deb"));
            Command.Result install = debian.run("apt-get", "install", "-y", "-q", "--no-install-recommends",
                    "/tmp/commune-radio.deb");
            assertEquals(0, install.status(), install.output());

            // users and groups
            assertTrue(passwd(debian, "commune-radio").endsWith(":/var/lib/commune-radio:/usr/sbin/nologin"));
            assertTrue(passwd(debian, "commune-radio-console").endsWith(":/usr/bin/commune-radio-console"));
            assertEquals(Set.of("commune-radio", "gpio", "audio"), groups(debian, "commune-radio"));
            assertEquals(Set.of("commune-radio"), groups(debian, "commune-radio-console"));
            // files and permissions
            assertEquals("commune-radio:commune-radio 750", stat(debian, "/var/lib/commune-radio"));
            assertEquals("commune-radio:commune-radio 750", stat(debian, "/var/lib/commune-radio/cds"));
            assertEquals("root:commune-radio 640", stat(debian, "/etc/commune-radio/gateway.properties"));
            assertEquals("root:root 755", stat(debian, "/etc/commune-radio/keys"));
            assertTrue(Files.isSymbolicLink(debian.file("/etc/systemd/system/multi-user.target.wants/commune-radio.service")),
                    "the service is enabled");
            assertTrue(Files.isSymbolicLink(debian.file(
                    "/etc/systemd/system/multi-user.target.wants/commune-radio-jack.service")), "JACK is enabled");
            assertTrue(Files.isSymbolicLink(debian.file("/etc/systemd/system/paths.target.wants/commune-radio-update.path")),
                    "remote updates' path unit is enabled");
            assertEquals("commune-radio:commune-radio 750", stat(debian, "/var/lib/commune-radio/update"));
            assertEquals("root:root 755", stat(debian, "/var/cache/commune-radio"));
            assertTrue(debian.ok("/usr/bin/commune-radio", "--version").startsWith("commune-radio "));

            // the shipped configuration is refused until the installer fills it in, with a clear line
            Command.Result unset = debian.run("/usr/bin/commune-radio", "check");
            assertEquals(2, unset.status(), unset.output());
            assertTrue(unset.output().contains("station.id"), unset.output());

            // a local edit of the conffile: the simulated hardware, this test's broker
            debian.configureStation(STATION, broker.url(), "relay.zones = 2\n");
            try (ServiceProcess service = ServiceProcess.command(dir, DebianRoot.ENV, debian.chroot(
                    "setpriv", "--reuid=commune-radio", "--regid=commune-radio", "--init-groups",
                    "/usr/bin/commune-radio", "run"))) {
                service.awaitLine("MQTT broker .* connected", Duration.ofSeconds(60));
                central.awaitState(STATION, "\"online\":true");
                // chroot, setpriv and the launcher all exec: the process is the JVM, running as the service's user
                String status = Files.readString(Path.of("/proc", String.valueOf(service.pid()), "status"));
                String uid = uid(debian, "commune-radio");
                assertTrue(status.lines().anyMatch(l -> l.matches("Uid:\\s+" + uid + "\\s+" + uid + ".*")), status);
                String cmdline = Files.readString(Path.of("/proc", String.valueOf(service.pid()), "cmdline"));
                assertTrue(cmdline.contains("-XX:+UseSerialGC\0-Xmx32m"), "the flags of jvm.options: " + cmdline);
                assertTrue(stat(debian, "/var/lib/commune-radio/station.lock").startsWith("commune-radio:commune-radio "),
                        "the service writes its state as its own user");

                service.terminate();
                assertEquals(143, service.awaitExit(Duration.ofSeconds(30)), service.stdout());
                central.awaitState(STATION, "\"online\":false");
            }
            try (var archives = Files.list(debian.file("/var/lib/commune-radio/cds"))) {
                assertEquals(1, archives.filter(f -> f.toString().endsWith(".jsa")).count(),
                        "the clean stop wrote the class-data sharing archive the next start maps");
            }
            // what systemd runs after that exit, as root
            Command.Result afterStop = debian.run(java.util.Map.of("EXIT_CODE", "killed", "EXIT_STATUS", "TERM"),
                    "/usr/lib/commune-radio/after-stop");
            assertEquals(0, afterStop.status(), afterStop.output());
            assertTrue(afterStop.output().contains("relays off: amp, zone1, zone2"), afterStop.output());

            // the serial port's getty, as the package's drop-in runs it, on a pseudo-terminal: it logs the technician
            // in as commune-radio-console. Debian's login (PAM) takes over from there; inside a chroot its session
            // modules depend on the host running the test (a CI host hung in them before the motd), so the test stops
            // at the autologin and runs the user's login shell itself, as login would: as that user, on a terminal.
            debian.mountPtys();
            String getty = Files.readString(debian.file(
                    "/lib/systemd/system/serial-getty@ttyS0.service.d/commune-radio-console.conf"))
                    .lines().filter(l -> l.startsWith("ExecStart=-")).findFirst().orElseThrow()
                    .replace("ExecStart=-", "").replace("$TERM", "vt100");
            assertTrue(getty.startsWith("/sbin/agetty --autologin commune-radio-console "), getty);
            try (ServiceProcess login = ServiceProcess.command(dir, DebianRoot.ENV,
                    debian.chroot("script", "-qfec", getty, "/dev/null"))) {
                login.awaitLine("commune-radio-console \\(automatic login\\)", Duration.ofSeconds(30));
            }
            // the login shell starts the console through the launcher (the JVM shows its command line with
            // -XshowSettings, added to jvm.options for this step only); with no service running the technician
            // gets one clear line
            Path jvmOptions = debian.file("/etc/commune-radio/jvm.options");
            String flags = Files.readString(jvmOptions);
            Files.writeString(jvmOptions, flags + "-XshowSettings:properties\n");
            String shell = passwd(debian, "commune-radio-console").replaceFirst(".*:", "");
            try (ServiceProcess console = ServiceProcess.command(dir, DebianRoot.ENV, debian.chroot("script", "-qfec",
                    "setpriv --reuid=commune-radio-console --regid=commune-radio --init-groups --reset-env "
                            + shell, "/dev/null"))) {
                console.awaitLine("user.name = commune-radio-console", Duration.ofSeconds(60));
                console.awaitLine("sun.java.command = /usr/share/commune-radio/commune-radio.jar console",
                        Duration.ofSeconds(10));
                console.awaitLine("commune-radio is not running", Duration.ofSeconds(30));
            }
            Files.writeString(jvmOptions, flags);

            // an upgrade whose default configuration changed keeps the local edit, the new default beside it;
            // installing the previous package again rolls back, the edit still there
            Path next = nextVersion(deb, dir.resolve("next"));
            Files.copy(next, debian.file("/tmp/commune-radio-next.deb"));
            String version = DebianPackage.field("Version");
            Command.Result upgrade = debian.run("apt-get", "install", "-y", "-q", "-o",
                    "Dpkg::Options::=--force-confold", "/tmp/commune-radio-next.deb");
            assertEquals(0, upgrade.status(), upgrade.output());
            assertEquals(version + "+next", installedVersion(debian));
            assertTrue(Files.readString(debian.file("/etc/commune-radio/gateway.properties"))
                    .contains("station.id = " + STATION), "local edits survive an upgrade");
            assertTrue(Files.readString(debian.file("/etc/commune-radio/gateway.properties.dpkg-dist"))
                    .contains("# added by the next version"), "the new default is left beside it");
            Command.Result rollback = debian.run("apt-get", "install", "-y", "-q", "--allow-downgrades", "-o",
                    "Dpkg::Options::=--force-confold", "/tmp/commune-radio.deb");
            assertEquals(0, rollback.status(), rollback.output());
            assertEquals(version, installedVersion(debian));
            assertTrue(Files.readString(debian.file("/etc/commune-radio/gateway.properties"))
                    .contains("station.id = " + STATION), "local edits survive a roll back");
            assertEquals("root:commune-radio 640", stat(debian, "/etc/commune-radio/gateway.properties"));

            Command.Result purge = debian.run("apt-get", "purge", "-y", "-q", "commune-radio");
            assertEquals(0, purge.status(), purge.output());
            for (String user : List.of("commune-radio", "commune-radio-console")) {
                assertNotEquals(0, debian.run("getent", "passwd", user).status(), user + " removed");
            }
            for (String group : List.of("commune-radio", "gpio")) {
                assertNotEquals(0, debian.run("getent", "group", group).status(), group + " removed");
            }
            for (String path : List.of("/var/lib/commune-radio", "/etc/commune-radio", "/usr/share/commune-radio",
                    "/usr/bin/commune-radio", "/etc/default/commune-radio-jack",
                    "/etc/systemd/system/multi-user.target.wants/commune-radio.service", "/var/cache/commune-radio",
                    "/etc/systemd/system/paths.target.wants/commune-radio-update.path")) {
                assertFalse(Files.exists(debian.file(path), java.nio.file.LinkOption.NOFOLLOW_LINKS), path + " removed");
            }
            assertEquals("", debian.run("dpkg-statoverride", "--list", "/etc/commune-radio/*").output().strip());
        }
        assertFalse(Files.exists(dir), "the root is unmounted and removed");
    }

    /** The package as its next version: a higher version whose default configuration has one more line. */
    private static Path nextVersion(Path deb, Path dir) throws Exception {
        return DebianPackage.rebuilt(deb, dir, "next", tree -> Files.writeString(
                tree.resolve("etc/commune-radio/gateway.properties"), "# added by the next version\n",
                java.nio.file.StandardOpenOption.APPEND));
    }

    private static String installedVersion(DebianRoot debian) throws Exception {
        return debian.ok("dpkg-query", "-W", "-f", "${Version}", "commune-radio").strip();
    }

    private static String passwd(DebianRoot debian, String user) throws Exception {
        return debian.ok("getent", "passwd", user).strip();
    }

    private static String uid(DebianRoot debian, String user) throws Exception {
        return debian.ok("id", "-u", user).strip();
    }

    private static Set<String> groups(DebianRoot debian, String user) throws Exception {
        return Set.of(debian.ok("id", "-nG", user).strip().split(" "));
    }

    private static String stat(DebianRoot debian, String path) throws Exception {
        return debian.ok("stat", "-c", "%U:%G %a", path).strip();
    }
}
