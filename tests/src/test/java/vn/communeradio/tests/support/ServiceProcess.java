package vn.communeradio.tests.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The packaged service ({@code java -jar gateway/target/commune-radio.jar ...}, with the package's JVM flags:
 * {@link ServiceJvm}) run as a real process, as a user or systemd would, with its output collected line by line so
 * that tests can await what it says.
 */
public final class ServiceProcess implements AutoCloseable {

    public static final Path JAR = Path.of(System.getProperty("gateway.jar", "../gateway/target/commune-radio.jar"))
            .toAbsolutePath().normalize();

    private final Process process;
    private final List<String> stdout = new ArrayList<>();
    private final List<String> stderr = new ArrayList<>();
    private final Thread[] readers;

    private ServiceProcess(Process process) {
        this.process = process;
        this.readers = new Thread[] {reader(process.getInputStream(), stdout), reader(process.getErrorStream(), stderr)};
    }

    public static ServiceProcess start(Path workDir, Map<String, String> env, String... args) throws IOException {
        return start(workDir, env, List.of(), args);
    }

    /**
     * Started through {@code launcher}, a command prefix that execs the rest (e.g. {@code ip netns exec NAME}, so
     * the process id stays the service's own).
     */
    public static ServiceProcess start(Path workDir, Map<String, String> env, List<String> launcher, String... args)
            throws IOException {
        return start(workDir, env, launcher, List.of(), args);
    }

    /** The same with {@code jvmFlags} after the package's (see {@link ServiceJvm#javaJar(List)}). */
    public static ServiceProcess start(Path workDir, Map<String, String> env, List<String> launcher,
                                       List<String> jvmFlags, String... args) throws IOException {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(ServiceJvm.javaJar(jvmFlags));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().putAll(env);
        return new ServiceProcess(builder.start());
    }

    public static ServiceProcess start(Path workDir, String... args) throws IOException {
        return start(workDir, Map.of(), args);
    }

    /** Another way of starting the service, e.g. the installed package's launcher inside a Debian root. */
    public static ServiceProcess command(Path workDir, Map<String, String> env, List<String> command)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().putAll(env);
        return new ServiceProcess(builder.start());
    }

    private Thread reader(InputStream in, List<String> sink) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (this) {
                        sink.add(line);
                        notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process is gone
            }
        }, "service-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits for a stdout line matching {@code regex} (find, not full match) and returns it. */
    public String awaitLine(String regex, Duration timeout) throws InterruptedException {
        return awaitLine(regex, 0, timeout);
    }

    /** Stdout lines so far: an index to pass to {@link #awaitLine(String, int, Duration)} for what comes next. */
    public synchronized int lineCount() {
        return stdout.size();
    }

    /** Waits for a stdout line matching {@code regex} among those from index {@code from} on, and returns it. */
    public synchronized String awaitLine(String regex, int from, Duration timeout) throws InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = from;
        while (true) {
            for (; checked < stdout.size(); checked++) {
                if (pattern.matcher(stdout.get(checked)).find()) {
                    return stdout.get(checked);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || (!process.isAlive() && allRead())) {
                throw new AssertionError("no line matching /" + regex + "/ within " + timeout.toMillis()
                        + " ms; stdout:\n" + String.join("\n", stdout) + "\nstderr:\n" + String.join("\n", stderr));
            }
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, 200_000_000L))));
        }
    }

    /**
     * The {@code index}-th stdout line (0 first), waiting for it up to {@code timeout}; null if none came in time
     * or the process has ended and said no more.
     */
    public synchronized String line(int index, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (stdout.size() <= index) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || (!process.isAlive() && allRead())) {
                return null;
            }
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, 200_000_000L))));
        }
        return stdout.get(index);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private boolean allRead() {
        return !readers[0].isAlive() && !readers[1].isAlive();
    }

    /** Waits for the process to exit, then for its output to be fully read; returns the exit status. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("process still running after " + timeout.toMillis() + " ms; stdout:\n" + stdout());
        }
        for (Thread reader : readers) {
            reader.join(5_000);
        }
        return process.exitValue();
    }

    /** SIGTERM, as systemd stops a service. */
    public void terminate() throws IOException, InterruptedException {
        signal("TERM");
    }

    /** SIGKILL: no shutdown hook runs. */
    public void kill() throws IOException, InterruptedException {
        signal("KILL");
    }

    // Process.destroy() closes our ends of the pipes too, so the service could not log its own stop
    private void signal(String name) throws IOException, InterruptedException {
        int status = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start().waitFor();
        if (status != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " failed with status " + status);
        }
    }

    public long pid() {
        return process.pid();
    }

    public synchronized String stdout() {
        return String.join("\n", stdout);
    }

    public synchronized String stderr() {
        return String.join("\n", stderr);
    }

    @Override
    public void close() throws InterruptedException {
        // what it started goes too (a login session under a getty, for one)
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
