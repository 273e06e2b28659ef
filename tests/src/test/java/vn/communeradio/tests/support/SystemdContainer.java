package vn.communeradio.tests.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Debian root ({@link DebianRoot#createBootable}) booted with systemd as PID 1 of a systemd-nspawn container, so
 * that the package's units run under a real service manager: its own PID, mount and UTS namespaces, this machine's
 * network namespace (a service inside reaches a broker on loopback). Commands run inside with nsenter. Closing powers
 * it off.
 *
 * <p>The container gets the unified cgroup hierarchy whatever this machine uses (systemd 252 on a station's Debian
 * 12 image does too), and the bpf() system call that nspawn's filter refuses by default: with both, systemd attaches
 * its device-access programs, so a unit's DevicePolicy/DeviceAllow is enforced as on a board, not silently ignored.
 */
public final class SystemdContainer implements AutoCloseable {

    private static final Duration BOOT = Duration.ofSeconds(90);

    private final ServiceProcess nspawn;
    private final long leader;

    private SystemdContainer(ServiceProcess nspawn, long leader) {
        this.nspawn = nspawn;
        this.leader = leader;
    }

    /**
     * Boots {@code root} and waits until systemd says the boot is over (running or degraded); fails, with the
     * console, when this machine cannot boot it.
     */
    public static SystemdContainer boot(DebianRoot root, Path workDir) throws IOException, InterruptedException {
        if (Command.run("sh", "-c", "command -v systemd-nspawn").status() != 0) {
            throw new AssertionError("systemd-nspawn is not installed: apt-get install systemd-container "
                    + "(scripts/setup-debian installs it)");
        }
        String machine = "commune-radio-test-" + ProcessHandle.current().pid();
        // --register=no --keep-unit: nothing asked of this machine's systemd or machined, which may not run at all;
        // bpf: DevicePolicy= is enforced for real; adjtimex, clock_adjtime (glibc's adjtimex): the service asks
        // whether NTP synchronised the clock, which nspawn's own filter refuses (setting the clock stays
        // impossible: no CAP_SYS_TIME in here)
        ServiceProcess nspawn = ServiceProcess.command(workDir, Map.of("SYSTEMD_NSPAWN_UNIFIED_HIERARCHY", "1"),
                List.of("systemd-nspawn", "--boot", "--register=no", "--keep-unit", "--console=read-only",
                        "--machine=" + machine, "--system-call-filter=bpf adjtimex clock_adjtime",
                        "--directory=" + root.path()));
        SystemdContainer container = null;
        try {
            container = new SystemdContainer(nspawn, awaitInit(nspawn));
            container.awaitBoot();
            return container;
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            if (container != null) {
                container.close();
            } else {
                nspawn.close();
            }
            throw e;
        }
    }

    // nspawn's child becomes the container's PID 1: systemd once it has exec'd
    private static long awaitInit(ServiceProcess nspawn) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + BOOT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!nspawn.isAlive()) {
                throw new AssertionError("systemd-nspawn exited with status " + nspawn.awaitExit(Duration.ofSeconds(5))
                        + " before systemd started:\n" + nspawn.stdout() + "\n" + nspawn.stderr());
            }
            Optional<ProcessHandle> init = ProcessHandle.of(nspawn.pid()).stream()
                    .flatMap(ProcessHandle::children).filter(SystemdContainer::isSystemd).findFirst();
            if (init.isPresent()) {
                return init.get().pid();
            }
            TimeUnit.MILLISECONDS.sleep(100); // a process to appear: nothing to wait on but /proc
        }
        throw new AssertionError("no systemd in the container after " + BOOT.toSeconds() + " s:\n" + nspawn.stdout()
                + "\n" + nspawn.stderr());
    }

    private static boolean isSystemd(ProcessHandle process) {
        try {
            return Files.readString(Path.of("/proc", String.valueOf(process.pid()), "comm")).strip().equals("systemd");
        } catch (IOException e) {
            return false; // gone
        }
    }

    // is-system-running --wait returns once the boot transaction is done; before D-Bus is up it cannot connect yet
    private void awaitBoot() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + BOOT.toNanos();
        String state = "";
        while (System.nanoTime() < deadline) {
            state = run("systemctl", "is-system-running", "--wait").output().strip();
            if (state.equals("running") || state.equals("degraded")) {
                return;
            }
            if (!nspawn.isAlive()) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new AssertionError("systemd in the container did not finish booting (last state '" + state
                + "'); console:\n" + nspawn.stdout() + "\n" + nspawn.stderr());
    }

    /** Runs a command inside the container as root, in all its namespaces. */
    public Command.Result run(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of("nsenter", "--target=" + leader, "--all", "--root", "--wd"));
        line.addAll(List.of(command));
        return Command.run(null, DebianRoot.ENV, line);
    }

    /** Runs a command inside and returns its output; fails with it when the status is not 0. */
    public String ok(String... command) throws IOException, InterruptedException {
        Command.Result r = run(command);
        if (r.status() != 0) {
            throw new IOException(String.join(" ", command) + " in the container failed with status " + r.status()
                    + ":\n" + r.output());
        }
        return r.output();
    }

    /** One property of a unit as systemd has it ({@code systemctl show -p NAME --value UNIT}). */
    public String property(String unit, String name) throws IOException, InterruptedException {
        return ok("systemctl", "show", "--property=" + name, "--value", unit).strip();
    }

    /** What the unit's processes and systemd said about it, oldest first, as text ({@code journalctl -u UNIT}). */
    public String journal(String unit) throws IOException, InterruptedException {
        return ok("journalctl", "--unit=" + unit, "--output=cat", "--no-pager", "--quiet");
    }

    /** The main process of a unit as this machine numbers it, to signal or inspect it from outside. */
    public long mainPid(String unit) throws IOException, InterruptedException {
        String inner = property(unit, "MainPID");
        String namespace = Files.readSymbolicLink(Path.of("/proc", String.valueOf(leader), "ns", "pid")).toString();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> namespace.equals(readLink(p.resolve("ns/pid"))))
                    .filter(p -> inner.equals(innermostPid(p)))
                    .mapToLong(p -> Long.parseLong(p.getFileName().toString())).findFirst()
                    .orElseThrow(() -> new AssertionError(unit + " has no main process (MainPID=" + inner + ")"));
        }
    }

    private static String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "";
        }
    }

    // NSpid lists the process's id in each namespace from this machine's inward
    private static String innermostPid(Path process) {
        try {
            return Files.readAllLines(process.resolve("status")).stream().filter(l -> l.startsWith("NSpid:"))
                    .map(l -> l.substring(l.lastIndexOf('\t') + 1).strip()).findFirst().orElse("");
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Waits for the container to stop by itself and returns nspawn's exit status: 0 after a power-off, 133 after a
     * reboot (nspawn leaves booting it again to its caller).
     */
    public int awaitShutdown(Duration timeout) throws InterruptedException {
        return nspawn.awaitExit(timeout);
    }

    /** The container's console so far (what systemd printed while booting and stopping). */
    public String console() {
        return nspawn.stdout() + "\n" + nspawn.stderr();
    }

    /** Powers the container off as its own shutdown would (nspawn turns SIGTERM into that), killing it if stuck. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (nspawn.isAlive()) {
            Command.run("kill", "-TERM", String.valueOf(nspawn.pid()));
            try {
                nspawn.awaitExit(Duration.ofSeconds(60));
            } catch (AssertionError stuck) {
                // the whole PID namespace goes with its init
                Command.run("kill", "-KILL", String.valueOf(leader));
            }
        }
        nspawn.close();
    }
}
