package vn.communeradio.tests.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import vn.communeradio.tests.support.Command;
import vn.communeradio.tests.support.ServiceProcess;

/**
 * Where a benchmark runs the service's JVM: this machine's {@code java}, or the {@code java} of a Debian root
 * entered with chroot; a root of another architecture runs under qemu-user through binfmt_misc (docs/packaging.md:
 * the arm64 root is made by {@code tests/debian/bookworm-root CACHE_DIR arm64}). What the service reads (the jar
 * and its lib/, configuration, keys, state) lives in a work directory inside the root, named by its path there.
 */
final class BenchRuntime implements AutoCloseable {

    private final Path root;
    private final boolean emulated;
    private final boolean mountedProc;

    private BenchRuntime(Path root, boolean emulated, boolean mountedProc) {
        this.root = root;
        this.emulated = emulated;
        this.mountedProc = mountedProc;
    }

    static BenchRuntime host() {
        return new BenchRuntime(null, false, false);
    }

    /** A Debian root with a Java 17 runtime; mounts its /proc if it is not (the JVM reads /proc/self). */
    static BenchRuntime chroot(Path root) throws IOException, InterruptedException {
        Path r = root.toAbsolutePath().normalize();
        if (!Files.isExecutable(r.resolve("usr/bin/java"))) {
            throw new IllegalArgumentException(r + " has no usr/bin/java: make it with tests/debian/bookworm-root");
        }
        // a root of this machine's architecture runs natively
        String arch = Command.ok("chroot", r.toString(), "dpkg", "--print-architecture").strip();
        boolean emulated = !arch.equals(Command.ok("dpkg", "--print-architecture").strip());
        boolean mount = !Files.exists(r.resolve("proc/self"));
        if (mount) {
            Command.ok("mount", "-t", "proc", "proc", r.resolve("proc").toString());
        }
        return new BenchRuntime(r, emulated, mount);
    }

    /** The service's JVM flags as the package ships them (packaging/jvm.options; '#' comments and blanks out). */
    static List<String> shippedJvmOptions() throws IOException {
        return Files.readAllLines(Path.of(System.getProperty("repo.root", "."), "packaging/jvm.options")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    /** Run by qemu-user: the root is of another architecture. */
    boolean emulated() {
        return emulated;
    }

    /** Starts under emulation take tens of seconds, not one. */
    Duration patience(Duration native_) {
        return emulated() ? native_.multipliedBy(10) : native_;
    }

    /** A new work directory the service can see (in the root's /tmp for a root); its path on this machine. */
    Path workDir(String prefix) throws IOException {
        return root == null ? Files.createTempDirectory(prefix) : Files.createTempDirectory(root.resolve("tmp"), prefix);
    }

    /** {@code path} (on this machine, under {@link #workDir}) as the service names it. */
    String inside(Path path) {
        return root == null ? path.toString() : "/" + root.relativize(path.toAbsolutePath().normalize());
    }

    /** The service's jar as the service names it: a root gets a copy of the jar and its lib/ in {@code work}. */
    String jar(Path work) throws IOException, InterruptedException {
        if (root == null) {
            return ServiceProcess.JAR.toString();
        }
        Path app = Files.createDirectories(work.resolve("app"));
        Command.ok("cp", "-a", ServiceProcess.JAR.toString(), ServiceProcess.JAR.resolveSibling("lib").toString(),
                app.toString());
        return inside(app.resolve(ServiceProcess.JAR.getFileName()));
    }

    /** The command that runs {@code java} with {@code args}. */
    List<String> java(List<String> args) {
        List<String> command = new ArrayList<>(root == null
                ? List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString())
                : List.of("chroot", root.toString(), "/usr/bin/java"));
        command.addAll(args);
        return command;
    }

    /** The JVM's architecture and version, e.g. "aarch64, OpenJDK 17.0.15+6-Debian-1deb12u1". */
    String describe() throws IOException, InterruptedException {
        String settings = Command.run(null, Map.of(), java(List.of("-XshowSettings:properties", "-version"))).output();
        return property(settings, "os.arch") + ", " + property(settings, "java.runtime.name").replace(" Runtime Environment", "")
                + " " + property(settings, "java.runtime.version") + (root == null ? "" : " in " + root)
                + (emulated ? " (qemu-user)" : "");
    }

    private static String property(String settings, String name) {
        return settings.lines().map(String::strip).filter(l -> l.startsWith(name + " = ")).findFirst()
                .map(l -> l.substring(name.length() + 3)).orElse("?");
    }

    /** Deletes a work directory made by {@link #workDir} (a root's /tmp is not cleaned by anyone). */
    void delete(Path work) throws IOException, InterruptedException {
        Command.ok("rm", "-rf", work.toString());
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (mountedProc) {
            Command.ok("umount", root.resolve("proc").toString());
        }
    }
}
