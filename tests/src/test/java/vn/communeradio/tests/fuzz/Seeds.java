package vn.communeradio.tests.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Seeds made at test time (real encoded audio, real signed commands) put where Jazzer reads its generated corpus
 * ({@code .cifuzz-corpus/<class>/<method>} under the module), so that fuzzing starts from real inputs.
 */
public final class Seeds {

    private Seeds() {
    }

    /** Call from {@code @BeforeAll}: Jazzer reads the directory when the fuzz test starts. */
    public static void plant(Class<?> fuzzClass, String method, List<byte[]> seeds) throws IOException {
        Path dir = Files.createDirectories(Path.of(".cifuzz-corpus", fuzzClass.getName(), method));
        for (byte[] seed : seeds) {
            Files.write(dir.resolve("seed-" + Integer.toHexString(Arrays.hashCode(seed))), seed);
        }
    }
}
