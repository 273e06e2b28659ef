package vn.communeradio.hal.audio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A private {@code jackd} with the dummy backend for tests: a unique server name per instance (servers share
 * /dev/shm), started and awaited, stoppable and restartable under the same name, and always stopped: by
 * {@link #close()}, by a shutdown hook if the test JVM exits first, or, if that JVM crashed, by the next
 * {@link #start()}. Its output goes to target/jackd/NAME.log.
 *
 * <p>Stopping is SIGTERM, SIGKILL only as a last resort: a killed jackd leaves its slot in JACK's server
 * registry (/dev/shm/jack-shm-registry, 8 slots, reclaimed only by a server of the same name), and with unique
 * names the registry fills up ("Too many servers already active").
 */
public final class JackServer implements AutoCloseable {

    public static final int SAMPLE_RATE = 48_000;
    public static final int PERIOD_FRAMES = 256;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final String PREFIX = "crtest-";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String name;
    private final int periodFrames;
    /** jackd -S: playback latency without the extra period of the default (asynchronous) mode. */
    private final boolean synchronous;
    /** jackd -p: the most ports the server holds (0: jackd's default), which sizes its shared memory. */
    private final int portMax;
    private final Path log;
    private final Thread stopper;
    private boolean realtime;
    private Process process;

    private JackServer(String name, int periodFrames, boolean synchronous, int portMax) throws IOException {
        this.name = name;
        this.periodFrames = periodFrames;
        this.synchronous = synchronous;
        this.portMax = portMax;
        this.log = Path.of("target", "jackd", name + ".log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        Files.deleteIfExists(log);
        // real-time scheduling only works as root here; without it the dummy driver has a few xruns
        this.realtime = isRoot();
        this.stopper = new Thread(this::terminate, "jackd-stopper-" + name);
        Runtime.getRuntime().addShutdownHook(stopper);
    }

    /** Starts a server named {@code crtest-PID-N} and returns once a client can connect to it. */
    public static JackServer start() throws IOException {
        return start(PERIOD_FRAMES);
    }

    /** The same with another period (frames per callback), for benchmarks that look for the smallest one. */
    public static JackServer start(int periodFrames) throws IOException {
        return start(periodFrames, false);
    }

    /** The same in JACK's synchronous mode ({@code jackd -S}) or its default asynchronous one, for latency benchmarks. */
    public static JackServer start(int periodFrames, boolean synchronous) throws IOException {
        return start(periodFrames, synchronous, 0);
    }

    /**
     * The same with at most {@code portMax} ports ({@code jackd -p}; 0 for jackd's default), for memory benchmarks:
     * the server's shared memory, which every client maps, grows with it.
     */
    public static JackServer start(int periodFrames, boolean synchronous, int portMax) throws IOException {
        stopOrphans();
        JackServer server = new JackServer(PREFIX + ProcessHandle.current().pid() + "-"
                + COUNTER.incrementAndGet(), periodFrames, synchronous, portMax);
        try {
            server.launch();
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** A server name that is unique to this run and never started: for "no server" tests. */
    public static String absentName() {
        return PREFIX + ProcessHandle.current().pid() + "-absent-" + COUNTER.incrementAndGet();
    }

    public String name() {
        return name;
    }

    public int periodFrames() {
        return periodFrames;
    }

    public boolean synchronous() {
        return synchronous;
    }

    /** jackd's {@code -p}, 0 when it has its default. */
    public int portMax() {
        return portMax;
    }

    /** Whether jackd runs with real-time scheduling (as root here); without it the dummy driver has xruns. */
    public synchronized boolean realtime() {
        return realtime;
    }

    public Path log() {
        return log;
    }

    /** The running jackd's process id, for a benchmark that reads its memory; -1 when it is stopped. */
    public synchronized long pid() {
        return isRunning() ? process.pid() : -1;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** SIGTERM, as a service manager stops it, and waits for the exit. */
    public synchronized void stop() throws IOException {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IOException("jackd " + name + " ignored SIGTERM for " + STOP_TIMEOUT + "; killed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } finally {
            process = null;
        }
    }

    /** Starts the server again under the same name and waits until it is ready. */
    public synchronized void restart() throws IOException {
        stop();
        launch();
    }

    @Override
    public void close() {
        terminate();
        try {
            Runtime.getRuntime().removeShutdownHook(stopper);
        } catch (IllegalStateException ignored) {
            // the JVM is already shutting down: the hook stops the server itself
        }
    }

    private synchronized void terminate() {
        try {
            stop();
        } catch (IOException e) {
            System.err.println(e.getMessage());
        }
    }

    /** Servers of test JVMs that crashed (their pid is in the name) would hold registry slots forever. */
    private static void stopOrphans() {
        ProcessHandle.allProcesses().forEach(p -> {
            String[] args = p.info().arguments().orElse(new String[0]);
            boolean jackd = p.info().command().map(c -> c.endsWith("/jackd")).orElse(false);
            for (int i = 0; jackd && i + 1 < args.length; i++) {
                if (args[i].equals("-n") && args[i + 1].startsWith(PREFIX) && !ownerAlive(args[i + 1])) {
                    System.err.println("stopping jackd " + args[i + 1] + " left by a crashed test JVM");
                    p.destroy();
                    p.onExit().orTimeout(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).exceptionally(t -> p)
                            .join();
                }
            }
        });
    }

    private static boolean ownerAlive(String serverName) {
        String[] parts = serverName.split("-");
        try {
            return ProcessHandle.of(Long.parseLong(parts[1])).map(ProcessHandle::isAlive).orElse(false);
        } catch (RuntimeException e) {
            return true; // not one of ours: leave it alone
        }
    }

    private synchronized void launch() throws IOException {
        try {
            process = spawn();
            awaitReady();
        } catch (IOException e) {
            if (!realtime) {
                throw e;
            }
            // a root user in a container may still lack CAP_SYS_NICE: try once without real-time
            stop();
            realtime = false;
            process = spawn();
            awaitReady();
        }
    }

    private Process spawn() throws IOException {
        List<String> command = new ArrayList<>(List.of("jackd", "-n", name));
        if (!realtime) {
            command.add("--no-realtime");
        }
        if (synchronous) {
            command.add("-S");
        }
        if (portMax > 0) {
            command.addAll(List.of("-p", String.valueOf(portMax)));
        }
        command.addAll(List.of("-d", "dummy", "-r", String.valueOf(SAMPLE_RATE), "-p",
                String.valueOf(periodFrames)));
        Files.writeString(log, "$ " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    /** Polls {@code jack_wait -c} (a real client connection) until it answers "running"; no fixed sleep. */
    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String tail = tail();
                if (tail.contains("Too many servers already active")) {
                    throw new IOException("jackd " + name + ": JACK's server registry is full of servers that were "
                            + "killed (SIGKILL) rather than stopped; with no JACK server running, delete "
                            + "/dev/shm/jack-shm-registry");
                }
                throw new IOException("jackd " + name + " exited with " + process.exitValue() + " before it was "
                        + "ready; see " + log + ":\n" + tail);
            }
            if (answersRunning()) {
                return;
            }
            try {
                Thread.sleep(20); // poll interval, not synchronisation: the loop checks the condition
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for jackd " + name, e);
            }
        }
        throw new IOException("jackd " + name + " not ready after " + READY_TIMEOUT + "; see " + log + ":\n"
                + tail());
    }

    private boolean answersRunning() throws IOException {
        Process check = new ProcessBuilder("jack_wait", "-c", "-s", name)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            // a client connecting to a server that is still starting can hang: give up on this poll then
            if (!check.waitFor(2, TimeUnit.SECONDS)) {
                check.destroyForcibly();
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            check.destroyForcibly();
            return false;
        }
        // jack_wait exits 0 either way and says "not running" or "running"
        String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return out.equals("running");
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
