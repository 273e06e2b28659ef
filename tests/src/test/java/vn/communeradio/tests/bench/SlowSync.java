package vn.communeradio.tests.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import vn.communeradio.tests.support.Command;

/**
 * A slow-sync disk under a process, emulated at the system call: {@code tests/src/test/c/slow_sync.c} preloaded,
 * so that every fsync and fdatasync waits a fixed time first, one at a time. The kernel here has no
 * device-mapper (no {@code delay} target to put under a loop-mounted file system), and a blkio throttle limits a
 * rate, not the latency of a sync; docs/scale.md says what this does and does not emulate.
 */
final class SlowSync {

    private static final Path SOURCE = Path.of(System.getProperty("repo.root", ".."), "tests/src/test/c/slow_sync.c");

    private final Path library;

    private SlowSync(Path library) {
        this.library = library;
    }

    /** Builds the preload library with the machine's C compiler (Debian: build-essential) into {@code dir}. */
    static SlowSync build(Path dir) throws IOException, InterruptedException {
        Path library = dir.resolve("slow_sync.so");
        Command.ok("cc", "-shared", "-fPIC", "-O2", "-o", library.toString(), SOURCE.toString(), "-ldl", "-lpthread");
        if (!Files.isRegularFile(library)) {
            throw new IOException("cc made no " + library);
        }
        return new SlowSync(library);
    }

    /** The environment that makes every sync of the process take {@code millis} more (none for 0). */
    Map<String, String> environment(int millis) {
        return millis <= 0 ? Map.of() : Map.of("LD_PRELOAD", library.toString(), "SLOW_SYNC_MS", String.valueOf(millis));
    }
}
