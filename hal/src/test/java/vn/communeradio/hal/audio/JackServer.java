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
 * /dev/shm), started and awaited, stoppable and restartable under the same name, and always killed: by
 * {@link #close()}, or by a shutdown hook if the test JVM ends first. Its output goes to target/jackd/NAME.log.
 */
public final class JackServer implements AutoCloseable {

    public static final int SAMPLE_RATE = 48_000;
    public static final int PERIOD_FRAMES = 256;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String name;
    private final Path log;
    private final Thread killer;
    private boolean realtime;
    private Process process;

    private JackServer(String name) throws IOException {
        this.name = name;
        this.log = Path.of("target", "jackd", name + ".log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        Files.deleteIfExists(log);
        // real-time scheduling only works as root here; without it the dummy driver has a few xruns
        this.realtime = isRoot();
        this.killer = new Thread(this::kill, "jackd-killer-" + name);
        Runtime.getRuntime().addShutdownHook(killer);
    }

    /** Starts a server named {@code crtest-PID-N} and returns once a client can connect to it. */
    public static JackServer start() throws IOException {
        JackServer server = new JackServer("crtest-" + ProcessHandle.current().pid() + "-"
                + COUNTER.incrementAndGet());
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
        return "crtest-" + ProcessHandle.current().pid() + "-absent-" + COUNTER.incrementAndGet();
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
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
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException ignored) {
            // the JVM is already shutting down: the hook runs kill() itself
        }
    }

    private synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
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
            kill();
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
        command.addAll(List.of("-d", "dummy", "-r", String.valueOf(SAMPLE_RATE), "-p",
                String.valueOf(PERIOD_FRAMES)));
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
                throw new IOException("jackd " + name + " exited with " + process.exitValue() + " before it was "
                        + "ready; see " + log + ":\n" + tail());
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
        String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            check.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // jack_wait exits 0 either way and says "not running" or "running"
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
