package vn.communeradio.tests.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command line tool (openssl, dpkg-deb, lintian, chroot...) to completion and collects what it printed. */
public final class Command {

    /** The exit status and everything printed, stdout and stderr interleaved. */
    public record Result(int status, String output) {
    }

    private static final long TIMEOUT_MINUTES = 10;

    private Command() {
    }

    public static Result run(Path dir, Map<String, String> env, List<String> command)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            builder.directory(dir.toFile());
        }
        builder.environment().putAll(env);
        Process p = builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " still running after " + TIMEOUT_MINUTES + " min");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    public static Result run(String... command) throws IOException, InterruptedException {
        return run(null, Map.of(), List.of(command));
    }

    /** Runs the command and returns its output; fails with that output when the exit status is not 0. */
    public static String ok(Path dir, Map<String, String> env, List<String> command)
            throws IOException, InterruptedException {
        Result r = run(dir, env, command);
        if (r.status() != 0) {
            throw new IOException(String.join(" ", command) + " failed with status " + r.status() + ":\n" + r.output());
        }
        return r.output();
    }

    public static String ok(String... command) throws IOException, InterruptedException {
        return ok(null, Map.of(), List.of(command));
    }
}
