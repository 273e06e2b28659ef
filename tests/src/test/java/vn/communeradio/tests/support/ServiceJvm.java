package vn.communeradio.tests.support;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The command line the tests start the packaged jar with, as {@code /usr/bin/commune-radio} does on a board: the
 * JVM flags of {@code packaging/jvm.options} and a class-data sharing archive of the service's classes. The
 * package writes its archive at the service's first clean stop; here the first JVM of a run that needs one makes
 * it (a station started, connected to a private Mosquitto, stopped), under a file lock so that parallel forks make
 * it once, in {@code tests/target/cds/}, named after the jar and the JVM so that a rebuilt jar gets a new one. A
 * service the tests start then starts in about half the time and CPU of a JVM with the default flags.
 */
public final class ServiceJvm {

    /** The repository the jar was built in: {@code REPO/gateway/target/commune-radio.jar}. */
    private static final Path REPO = ServiceProcess.JAR.getParent().getParent().getParent();
    private static final Path OPTIONS = REPO.resolve("packaging/jvm.options");
    private static final Path ARCHIVES = REPO.resolve("tests/target/cds");
    private static final Duration DUMP = Duration.ofSeconds(60);

    private ServiceJvm() {
    }

    /** {@code java FLAGS -jar JAR}: the arguments of a command follow. */
    public static List<String> javaJar() throws IOException {
        return javaJar(List.of());
    }

    /** The same with {@code extra} flags after the package's (a benchmark's GC log, for one). */
    public static List<String> javaJar(List<String> extra) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(options());
        command.addAll(extra);
        command.add("-XX:SharedArchiveFile=" + archive());
        command.addAll(List.of("-jar", ServiceProcess.JAR.toString()));
        return command;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The flags of packaging/jvm.options, read as the package's launcher reads them (one a line, '#' comments). */
    public static List<String> options() throws IOException {
        return Files.readAllLines(OPTIONS).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    // one thread of this JVM at a time: the file lock keeps other JVMs out, not other threads
    private static synchronized Path archive() throws IOException {
        Path java = Path.of(java()).toRealPath();
        Path archive = ARCHIVES.resolve("commune-radio-" + Files.getLastModifiedTime(ServiceProcess.JAR).toMillis()
                + "-" + Files.size(ServiceProcess.JAR) + "-" + Files.getLastModifiedTime(java).toMillis() + ".jsa");
        if (Files.exists(archive)) {
            return archive;
        }
        Files.createDirectories(ARCHIVES);
        try (FileChannel channel = FileChannel.open(ARCHIVES.resolve("lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
            if (!Files.exists(archive)) {
                dump(archive);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while making the class-data archive " + archive);
        }
        return archive;
    }

    /** Runs a station until it is connected and stops it cleanly: its JVM writes the classes it loaded. */
    private static void dump(Path archive) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("cds-");
        Path partial = ARCHIVES.resolve(archive.getFileName() + ".partial");
        try (Mosquitto broker = Mosquitto.start()) {
            // the tests' own station configuration, started here by hand: StationUnderTest starts with this archive
            StationUnderTest station = new StationUnderTest("cds-0001", dir.resolve("station"), broker.url(),
                    Files.createDirectories(dir.resolve("keys")), "");
            Path config = station.config();
            List<String> command = new ArrayList<>();
            command.add(java());
            command.addAll(options());
            command.addAll(List.of("-XX:ArchiveClassesAtExit=" + partial, "-jar", ServiceProcess.JAR.toString(),
                    "run", "--config", config.toString()));
            Files.deleteIfExists(partial);
            Process jvm = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("station.log").toFile()).start();
            try {
                awaitConnected(jvm, dir.resolve("station.log"));
                Command.ok("kill", "-TERM", String.valueOf(jvm.pid()));
                if (!jvm.waitFor(DUMP.toSeconds(), TimeUnit.SECONDS)) {
                    throw new IOException("the station making the class-data archive did not stop");
                }
            } finally {
                jvm.destroyForcibly();
            }
            if (!Files.exists(partial) || Files.size(partial) == 0) {
                throw new IOException("no class-data archive written at the station's exit:\n"
                        + Files.readString(dir.resolve("station.log")));
            }
            Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Command.run("rm", "-rf", dir.toString());
        }
    }

    private static void awaitConnected(Process station, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + DUMP.toNanos();
        while (!Files.readString(log).contains("connected, subscribed")) {
            if (!station.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("the station making the class-data archive did not connect:\n"
                        + Files.readString(log));
            }
            TimeUnit.MILLISECONDS.sleep(50); // a line in a file: nothing to wait on but reading it again
        }
    }
}
