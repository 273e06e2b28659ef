package vn.communeradio.tests.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.config.ConfigKeys;
import vn.communeradio.gateway.config.Key;
import vn.communeradio.tests.support.Command;
import vn.communeradio.tests.support.DebianPackage;

/** The .deb as Debian's tools see it: control fields, files and modes, conffiles, lintian, systemd-analyze. */
class DebianPackageTest {

    @TempDir
    Path dir;

    @Test
    void controlFieldsSayWhatAStationNeeds() throws Exception {
        assertEquals("commune-radio", DebianPackage.field("Package"));
        assertEquals("all", DebianPackage.field("Architecture"));
        // the decoding libraries the service calls through JNA, from the releases whose API it uses (docs/packaging.md)
        // 17.0.11: -XX:TrimNativeHeapInterval of jvm.options is a product flag since (an older JVM refuses to start)
        assertEquals("openjdk-17-jre-headless (>= 17.0.11) | java17-runtime-headless, adduser, libmpg123-0 (>= 1.26.3), "
                + "libopus0 (>= 1.1)", DebianPackage.field("Depends"));
        assertEquals("jackd2", DebianPackage.field("Recommends"));
        String version = DebianPackage.field("Version");
        assertTrue(version.matches("\\d+\\.\\d+\\.\\d+(~snapshot\\d{14})?"), "a Debian version: " + version);
        // a snapshot sorts below its release, so installing the release upgrades it
        String release = version.replaceAll("~.*", "");
        assertEquals(0, Command.run("dpkg", "--compare-versions", version, "le", release).status());
    }

    @Test
    void filesLandWhereDebianExpectsThemWithTheirModes() throws Exception {
        Map<String, String> modes = contents();
        assertEquals("-rwxr-xr-x", modes.get("/usr/bin/commune-radio"));
        assertEquals("-rwxr-xr-x", modes.get("/usr/bin/commune-radio-console"));
        assertEquals("-rwxr-xr-x", modes.get("/usr/lib/commune-radio/after-stop"));
        assertEquals("-rwxr-xr-x", modes.get("/usr/lib/commune-radio/install-update"));
        assertEquals("-rw-r--r--", modes.get("/usr/share/commune-radio/commune-radio.jar"));
        assertEquals("drwxr-xr-x", modes.get("/etc/commune-radio/keys/"));
        for (String unit : List.of("commune-radio.service", "commune-radio-jack.service",
                "commune-radio-update.path", "commune-radio-update.service")) {
            assertEquals("-rw-r--r--", modes.get("/lib/systemd/system/" + unit), unit);
        }
        assertTrue(modes.containsKey("/lib/systemd/system/serial-getty@ttyS0.service.d/commune-radio-console.conf"));
        assertTrue(modes.containsKey("/usr/share/doc/commune-radio/copyright"));
        assertTrue(modes.containsKey("/usr/share/doc/commune-radio/changelog.gz"));
        assertTrue(modes.containsKey("/usr/share/doc/commune-radio/operations.md"));
        // every library the jar's manifest names is shipped beside it
        Path root = DebianPackage.extract(dir.resolve("root"));
        String classPath;
        try (JarFile jar = new JarFile(root.resolve("usr/share/commune-radio/commune-radio.jar").toFile())) {
            classPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
        }
        assertTrue(classPath != null && !classPath.isBlank(), "the jar names its libraries");
        for (String jar : classPath.strip().split(" ")) {
            assertEquals("-rw-r--r--", modes.get("/usr/share/commune-radio/" + jar), jar + " is shipped");
        }
        // nothing is written by the package into the state directory: postinst makes it for the service's user
        assertTrue(modes.keySet().stream().noneMatch(p -> p.startsWith("/var/")), modes.keySet().toString());
    }

    @Test
    void theCopyrightFileNamesEveryJarShippedAndNothingElse() throws Exception {
        Path root = DebianPackage.extract(dir.resolve("root"));
        DebianCopyright copyright = DebianCopyright.parse(
                Files.readString(root.resolve("usr/share/doc/commune-radio/copyright")));
        Set<String> shipped = contents().keySet().stream().map(p -> p.substring(1)).collect(Collectors.toSet());
        assertEquals(List.of(), copyright.problems(shipped), "the package's copyright file and its jars differ");
        assertEquals("https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/",
                copyright.paragraphs().get(0).get("Format"));
        Map<String, String> catchAll = copyright.paragraphs().get(1);
        assertEquals("*", catchAll.get("Files"), "the project's own files first, the libraries after");
        assertEquals("Apache-2.0", catchAll.get("License"));

        // the check sees drift both ways: a jar added without a paragraph, a paragraph left for a jar that went
        Set<String> drifted = new java.util.HashSet<>(shipped);
        drifted.add("usr/share/commune-radio/lib/new-library-1.0.jar");
        String gone = shipped.stream().filter(p -> p.matches("usr/share/commune-radio/lib/slf4j-api-.*\\.jar"))
                .findFirst().orElseThrow();
        drifted.remove(gone);
        List<String> problems = copyright.problems(drifted);
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("'usr/share/commune-radio/lib/slf4j-api-*.jar' matches nothing"),
                problems.toString());
        assertTrue(problems.get(1).startsWith("usr/share/commune-radio/lib/new-library-1.0.jar has no Files"),
                problems.toString());
    }

    @Test
    void configurationFilesAreConffilesSoUpgradesKeepLocalEdits() throws Exception {
        Path control = dir.resolve("control");
        Command.ok("dpkg-deb", "--control", DebianPackage.file().toString(), control.toString());
        assertEquals(List.of("/etc/commune-radio/gateway.properties", "/etc/commune-radio/jvm.options",
                "/etc/default/commune-radio-jack"), Files.readAllLines(control.resolve("conffiles")).stream().sorted().toList());
        for (String script : List.of("postinst", "prerm", "postrm")) {
            assertTrue(Files.isExecutable(control.resolve(script)), script);
            Command.Result syntax = Command.run("sh", "-n", control.resolve(script).toString());
            assertEquals(0, syntax.status(), script + ": " + syntax.output());
        }
        Path root = DebianPackage.extract(dir.resolve("root"));
        for (String script : List.of("usr/lib/commune-radio/after-stop", "usr/lib/commune-radio/install-update")) {
            Command.Result syntax = Command.run("sh", "-n", root.resolve(script).toString());
            assertEquals(0, syntax.status(), script + ": " + syntax.output());
        }
    }

    @Test
    void theConfigurationShipsEveryKeyDocumentedWithItsDefault() throws Exception {
        Path root = DebianPackage.extract(dir.resolve("root"));
        List<String> lines = Files.readAllLines(root.resolve("etc/commune-radio/gateway.properties"));
        List<String> missing = new ArrayList<>();
        for (Key<?> key : ConfigKeys.all()) {
            // a setting line, commented out or not, preceded by its documentation
            int at = -1;
            for (int i = 0; i < lines.size(); i++) {
                String setting = lines.get(i).replaceFirst("^#", "").split("=", 2)[0].strip();
                if (lines.get(i).contains("=") && key.matches(setting)) {
                    at = i;
                    break;
                }
            }
            if (at < 2 || !lines.get(at - 2).startsWith("# ") || !lines.get(at - 1).startsWith("# Accepted: ")) {
                missing.add(key.name());
                continue;
            }
            String line = lines.get(at);
            if (!key.required() && key.pattern() == null && line.startsWith("#")) {
                assertEquals(("#" + key.name() + " = " + key.defaultText()).strip(), line.strip(), "the default is shown");
            }
        }
        assertEquals(List.of(), missing, "keys without a documented line in gateway.properties");
        // what a real board needs, set; what only the installer knows, left for them
        assertTrue(lines.contains("hal.gpio = pi4j") && lines.contains("hal.audio = jack"), "real hardware selected");
        assertTrue(lines.stream().anyMatch(l -> l.strip().equals("station.id =")), "station.id left to set");
    }

    @Test
    void lintianFindsNoErrors() throws Exception {
        Command.Result lintian = Command.run("lintian", "--tag-display-limit", "0", DebianPackage.file().toString());
        List<String> errors = Arrays.stream(lintian.output().split("\n")).filter(l -> l.startsWith("E: ")).toList();
        assertEquals(List.of(), errors, lintian.output());
        // lintian exits 1 on errors (and on warnings too with some profiles): the E: lines are the contract
    }

    @Test
    void systemdAcceptsTheUnits() throws Exception {
        // systemd-analyze verify --root checks commands and dependencies inside the unpacked package; the JACK
        // server and the targets come from the jackd2 and systemd packages, so a copy of this machine's targets
        // and the serial getty template stand in for them, and jackd is a stub (only its path is checked)
        Path root = DebianPackage.extract(dir.resolve("root"));
        Path units = root.resolve("lib/systemd/system");
        try (var host = Files.list(Path.of("/lib/systemd/system"))) {
            for (Path unit : host.filter(p -> p.toString().endsWith(".target")
                    || p.getFileName().toString().equals("serial-getty@.service")).toList()) {
                Files.copy(unit, units.resolve(unit.getFileName()));
            }
        }
        Path jackd = root.resolve("usr/bin/jackd");
        Files.writeString(jackd, "#!/bin/sh\n");
        jackd.toFile().setExecutable(true);
        Command.Result verify = Command.run(null, Map.of(), List.of("systemd-analyze", "verify", "--man=no",
                "--root=" + root, "commune-radio.service", "commune-radio-jack.service", "commune-radio-update.path",
                "commune-radio-update.service", "serial-getty@ttyS0.service"));
        assertEquals(0, verify.status(), verify.output());
        assertEquals("", verify.output().strip(), "no warning about any unit");

        String service = Files.readString(units.resolve("commune-radio.service"));
        for (String line : List.of("Type=notify", "NotifyAccess=main", "WatchdogSec=30", "Restart=always",
                "ExecStopPost=+/usr/lib/commune-radio/after-stop", "User=commune-radio", "NoNewPrivileges=yes",
                "ProtectSystem=strict", "ReadWritePaths=/var/lib/commune-radio", "PrivateTmp=yes",
                "SupplementaryGroups=gpio audio", "DeviceAllow=char-gpiochip rw", "DeviceAllow=char-alsa rw")) {
            assertTrue(service.lines().anyMatch(line::equals), "commune-radio.service has " + line);
        }
        String path = Files.readString(units.resolve("commune-radio-update.path"));
        assertTrue(path.lines().anyMatch("PathExists=/var/lib/commune-radio/update/request"::equals), path);
        assertTrue(Files.readString(units.resolve("commune-radio-update.service")).lines()
                .anyMatch("ExecStart=/usr/lib/commune-radio/install-update"::equals), "the path unit's service runs the root step");
        String getty = Files.readString(root.resolve(
                "lib/systemd/system/serial-getty@ttyS0.service.d/commune-radio-console.conf"));
        assertTrue(getty.contains("--autologin commune-radio-console"), getty);
    }

    @Test
    void theLauncherPassesEveryFlagOfJvmOptionsThenTheArguments() throws Exception {
        Path root = DebianPackage.extract(dir.resolve("root"));
        Path java = argumentPrinter();
        Path options = dir.resolve("jvm.options");
        Files.writeString(options, "# comment\n  -Xmx64m  \n\n-Dsome.prop=two words\n-XX:+UseSerialGC");
        Map<String, String> env = Map.of("JAVA", java.toString(), "COMMUNE_RADIO_JVM_OPTIONS", options.toString(),
                "COMMUNE_RADIO_CDS_DIR", dir.resolve("no-such-dir").toString());
        String out = Command.ok(null, env, List.of("dash", root.resolve("usr/bin/commune-radio").toString(), "run",
                "--config", "a file"));
        assertEquals("[-Xmx64m]\n[-Dsome.prop=two words]\n[-XX:+UseSerialGC]\n[-jar]\n"
                + "[/usr/share/commune-radio/commune-radio.jar]\n[run]\n[--config]\n[a file]\n", out);

        // the shipped flags are those of packaging/jvm.options
        String shipped = Command.ok(null, Map.of("JAVA", java.toString(),
                        "COMMUNE_RADIO_JVM_OPTIONS", root.resolve("etc/commune-radio/jvm.options").toString()),
                List.of("dash", root.resolve("usr/bin/commune-radio").toString(), "--version"));
        List<String> flags = Files.readAllLines(Path.of(System.getProperty("repo.root", ".."), "packaging/jvm.options"))
                .stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(l -> "[" + l + "]").collect(Collectors.toList());
        assertTrue(shipped.startsWith(String.join("\n", flags) + "\n[-jar]"), shipped);
        assertTrue(flags.contains("[-XX:+UseSerialGC]") && flags.contains("[-Xmx32m]"), flags.toString());
    }

    @Test
    void theServiceWritesAClassDataArchiveAtItsFirstStopAndUsesItAfter() throws Exception {
        Path root = DebianPackage.extract(dir.resolve("root"));
        Path java = argumentPrinter();
        Path cds = Files.createDirectories(dir.resolve("cds"));
        Files.writeString(cds.resolve("commune-radio-1-2-3.jsa"), "made for another jar");
        Map<String, String> env = Map.of("JAVA", java.toString(), "COMMUNE_RADIO_CDS_DIR", cds.toString(),
                "COMMUNE_RADIO_JVM_OPTIONS", dir.resolve("none").toString());
        String launcher = root.resolve("usr/bin/commune-radio").toString();

        String first = Command.ok(null, env, List.of("dash", launcher, "run"));
        Matcher dump = Pattern.compile("\\[-XX:ArchiveClassesAtExit=(" + Pattern.quote(cds.toString())
                + "/commune-radio-[^]]+\\.jsa)]").matcher(first);
        assertTrue(dump.find(), first);
        assertFalse(Files.exists(cds.resolve("commune-radio-1-2-3.jsa")), "an archive of another jar or JVM goes");

        Files.writeString(Path.of(dump.group(1)), "archive");
        String next = Command.ok(null, env, List.of("dash", launcher, "run"));
        assertTrue(next.startsWith("[-XX:SharedArchiveFile=" + dump.group(1) + "]\n[-jar]"), next);
        // the other commands (relays-off after a stop, the console) neither read nor write it
        assertFalse(Command.ok(null, env, List.of("dash", launcher, "relays-off")).contains("-XX:"));
    }

    /** Stands for the java the launcher runs: prints its arguments, one per line, in brackets. */
    private Path argumentPrinter() throws Exception {
        Path java = dir.resolve("java");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do echo \"[$a]\"; done\n");
        assertTrue(java.toFile().setExecutable(true));
        return java;
    }

    private Map<String, String> contents() throws Exception {
        Map<String, String> modes = new java.util.HashMap<>();
        for (String line : Command.ok("dpkg-deb", "--contents", DebianPackage.file().toString()).split("\n")) {
            String[] f = line.trim().split("\\s+");
            // drwxr-xr-x root/root 0 2026-11-29 07:02 ./usr/
            modes.put(f[5].substring(1), f[0]);
            assertEquals("root/root", f[1], line);
        }
        return modes;
    }
}
