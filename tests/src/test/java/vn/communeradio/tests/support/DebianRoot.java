package vn.communeradio.tests.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A throw-away Debian 12 root to install the package into, never this machine: an overlay over a cached
 * debootstrap root ({@code tests/debian/bookworm-root} makes it once, in {@value #CACHE} or
 * {@code $COMMUNE_RADIO_TEST_CACHE}), with /proc mounted, entered with chroot. It shares this machine's network
 * namespace, so a service inside reaches a broker on loopback. Closing unmounts everything and deletes it.
 */
public final class DebianRoot implements AutoCloseable {

    public static final String CACHE = "/var/cache/commune-radio-tests";
    /** PATH inside the root, whatever the test's own. */
    public static final Map<String, String> ENV = Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL", "C.UTF-8",
            "DEBIAN_FRONTEND", "noninteractive");

    private final Path dir;
    private final Path root;
    private final List<Path> mounts = new ArrayList<>();

    private DebianRoot(Path dir) {
        this.dir = dir;
        this.root = dir.resolve("root");
    }

    /** Makes the cached root if missing (minutes, once), then a private copy of it under {@code dir}. */
    public static DebianRoot create(Path dir) throws IOException, InterruptedException {
        return create(dir, List.of(), true);
    }

    /**
     * A private copy of the cached root that also has systemd as its init and D-Bus ({@code bookworm-root CACHE
     * systemd}, made once too), to boot with {@link SystemdContainer} rather than enter with chroot: nothing is
     * mounted in it, the container mounts its own /proc.
     */
    public static DebianRoot createBootable(Path dir) throws IOException, InterruptedException {
        return create(dir, List.of("systemd"), false);
    }

    private static DebianRoot create(Path dir, List<String> flavour, boolean withProc)
            throws IOException, InterruptedException {
        Path script = Path.of(System.getProperty("repo.root", ".."), "tests", "debian", "bookworm-root");
        String cache = System.getenv().getOrDefault("COMMUNE_RADIO_TEST_CACHE", CACHE);
        List<String> command = new ArrayList<>(List.of("sh", script.toString(), cache));
        command.addAll(flavour);
        // what debootstrap says when it makes the root comes first; the path is the last line
        String[] made = Command.ok(null, Map.of(), command).strip().split("\n");
        Path base = Path.of(made[made.length - 1]);
        DebianRoot debian = new DebianRoot(dir);
        try {
            debian.layer(base);
            if (withProc) {
                debian.mount("proc", "proc", "proc");
            }
            // apt inside reaches the mirror with this machine's resolver (nothing the tests install needs it)
            if (Files.exists(Path.of("/etc/resolv.conf"))) {
                Files.copy(Path.of("/etc/resolv.conf"), debian.root.resolve("etc/resolv.conf"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            debian.close();
            throw e;
        }
        return debian;
    }

    // an overlay costs nothing; where the filesystem cannot hold one, a full copy (a few seconds)
    private void layer(Path base) throws IOException, InterruptedException {
        Path upper = Files.createDirectories(dir.resolve("upper"));
        Path work = Files.createDirectories(dir.resolve("work"));
        Files.createDirectories(root);
        Command.Result overlay = Command.run("mount", "-t", "overlay", "overlay", "-o",
                "lowerdir=" + base + ",upperdir=" + upper + ",workdir=" + work, root.toString());
        if (overlay.status() == 0) {
            mounts.add(root);
        } else {
            Command.ok("cp", "-a", base + "/.", root.toString());
        }
    }

    private void mount(String type, String source, String target, String... options)
            throws IOException, InterruptedException {
        Path at = root.resolve(target);
        List<String> command = new ArrayList<>(List.of("mount", "-t", type, source, at.toString()));
        command.addAll(List.of(options));
        Command.ok(null, Map.of(), command);
        mounts.add(at);
    }

    /** Pseudo-terminals inside the root (a private devpts), for a getty or a login on a terminal. */
    public void mountPtys() throws IOException, InterruptedException {
        mount("devpts", "devpts", "dev/pts", "-o", "newinstance,ptmxmode=0666");
        Path ptmx = root.resolve("dev/ptmx");
        Files.deleteIfExists(ptmx);
        Files.createSymbolicLink(ptmx, Path.of("pts/ptmx"));
    }

    /** The root as seen from this machine. */
    public Path path() {
        return root;
    }

    /** A path inside the root, as this machine sees it: {@code file("/etc/passwd")}. */
    public Path file(String absolute) {
        return root.resolve(absolute.substring(1));
    }

    /**
     * Edits the installed package's configuration (a local edit of its conffile): this station on simulated
     * hardware (relays in memory, null audio) and a trusted clock, on {@code brokerUrl}, plus {@code extraLines}.
     */
    public void configureStation(String stationId, String brokerUrl, String extraLines) throws IOException {
        Files.writeString(file("/etc/commune-radio/gateway.properties"), """
                station.id = %s
                mqtt.url = %s
                clock.sync_marker = always
                hal.gpio = sim
                hal.audio = null
                """.formatted(stationId, brokerUrl) + extraLines);
    }

    /** The command line that runs {@code command} inside the root. */
    public List<String> chroot(String... command) {
        List<String> line = new ArrayList<>(List.of("chroot", root.toString()));
        line.addAll(List.of(command));
        return line;
    }

    /** Runs a command inside the root as root. */
    public Command.Result run(String... command) throws IOException, InterruptedException {
        return run(Map.of(), command);
    }

    public Command.Result run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        Map<String, String> all = new HashMap<>(ENV);
        all.putAll(env);
        return Command.run(null, all, chroot(command));
    }

    /** Runs a command inside the root and returns its output; fails with it when the status is not 0. */
    public String ok(String... command) throws IOException, InterruptedException {
        Command.Result r = run(command);
        if (r.status() != 0) {
            throw new IOException(String.join(" ", command) + " in " + root + " failed with status " + r.status()
                    + ":\n" + r.output());
        }
        return r.output();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        List<String> failures = new ArrayList<>();
        for (int i = mounts.size() - 1; i >= 0; i--) {
            Command.Result r = Command.run("umount", mounts.get(i).toString());
            if (r.status() != 0) {
                // a process of the test still inside: detach now, the kernel finishes when it exits
                Command.Result lazy = Command.run("umount", "-l", mounts.get(i).toString());
                if (lazy.status() != 0) {
                    failures.add(mounts.get(i) + ": " + r.output().strip());
                }
            }
        }
        mounts.clear();
        if (!failures.isEmpty()) {
            throw new IOException("could not unmount " + failures + "; leaving " + dir + " in place");
        }
        Command.ok("rm", "-rf", "--one-file-system", dir.toString());
    }
}
