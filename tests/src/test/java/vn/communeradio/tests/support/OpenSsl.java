package vn.communeradio.tests.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the openssl command line in a test's PKI folder, failing with its output when it fails. */
public final class OpenSsl {

    private OpenSsl() {
    }

    /** Runs {@code openssl args} in {@code dir} and returns what it printed (stdout and stderr). */
    public static String run(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        return Command.ok(dir, Map.of(), command);
    }
}
