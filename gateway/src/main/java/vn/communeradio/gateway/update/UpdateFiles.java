package vn.communeradio.gateway.update;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import vn.communeradio.gateway.store.AtomicFiles;

/**
 * The files of a remote update in {@code state.dir/update/}, shared with the package's root step
 * ({@code /usr/lib/commune-radio/install-update}, docs/operations.md "Remote update"). Those the root step reads or
 * writes are {@code key=value} lines, one value per line, so that a shell script parses them without evaluating
 * them:
 * <ul>
 * <li>{@value #REQUEST} (service → root step): what to install, and the signed command that asked for it (root
 * checks it again); its appearance starts the root step;</li>
 * <li>{@value #HEALTH} (service → root step): {@code version=V} once that version is online;</li>
 * <li>{@value #OUTCOME} (root step → service): {@code result} ({@code finished}, {@code rolled_back},
 * {@code failed}), {@code version} now installed, {@code target}, {@code from}, {@code reason}.</li>
 * </ul>
 * {@value #PENDING} (the command handed over, for the final ack) and {@value #LAST} (the last outcome, for state
 * and console) are the service's own.
 */
final class UpdateFiles {

    static final String DIRECTORY = "update";
    static final String REQUEST = "request";
    static final String HEALTH = "health";
    static final String OUTCOME = "outcome";
    static final String PENDING = "pending";
    static final String LAST = "last";

    private final Path dir;

    UpdateFiles(Path stateDir) {
        this.dir = stateDir.resolve(DIRECTORY);
    }

    Path dir() {
        return dir;
    }

    Path path(String name) {
        return dir.resolve(name);
    }

    boolean exists(String name) {
        return Files.exists(path(name));
    }

    /** Replaces {@code name} atomically (a power cut leaves the old or the new file, synced). */
    void write(String name, Map<String, String> values) throws IOException {
        StringBuilder text = new StringBuilder();
        values.forEach((k, v) -> text.append(k).append('=').append(oneLine(v)).append('\n'));
        AtomicFiles.write(path(name), text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The key=value lines of {@code name}; empty when it does not exist. */
    Map<String, String> read(String name) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(path(name), StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    values.putIfAbsent(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (NoSuchFileException e) {
            return Map.of();
        }
        return values;
    }

    void delete(String... names) throws IOException {
        for (String name : names) {
            Files.deleteIfExists(path(name));
        }
        AtomicFiles.syncDirectory(dir);
    }

    private static String oneLine(String value) {
        return value == null ? "" : value.replaceAll("[\\r\\n\\x00-\\x1f]", " ");
    }
}
