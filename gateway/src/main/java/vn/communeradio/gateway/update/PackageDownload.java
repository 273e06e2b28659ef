package vn.communeradio.gateway.update;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.tinylog.Logger;
import vn.communeradio.gateway.command.CommandException;
import vn.communeradio.gateway.command.RejectCode;
import vn.communeradio.gateway.source.HttpSource;
import vn.communeradio.gateway.source.SourceSettings;
import vn.communeradio.gateway.source.SourceStream;
import vn.communeradio.gateway.store.AtomicFiles;
import vn.communeradio.gateway.store.Sha256;

/**
 * Fetches an update's package into the update directory: into {@value #PART} first, resumed with an HTTP Range
 * request after a drop (also across restarts, when the same package is asked for again), bounded in size, and
 * renamed to {@value #FILE} only once complete and its SHA-256 matches. Runs on its own thread: a download on 4G
 * takes minutes.
 */
public final class PackageDownload {

    /** The complete, verified package. */
    public static final String FILE = "package.deb";
    static final String PART = "package.deb.part";
    /** Which SHA-256 the partial file belongs to: a part of another package is never resumed. */
    static final String PART_OF = "package.deb.part-of";
    private static final int BUFFER = 64 * 1024;

    private final Path dir;
    private final long maxBytes;
    private final SourceSettings settings;
    private final int attempts;
    private final Duration firstBackoff;

    /**
     * @param attempts     connections tried before giving up (each one resumes where the last broke off)
     * @param firstBackoff wait after the first failed attempt, doubled after each
     */
    public PackageDownload(Path dir, long maxBytes, SourceSettings settings, int attempts, Duration firstBackoff) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.settings = settings;
        this.attempts = attempts;
        this.firstBackoff = firstBackoff;
    }

    /** The size limit, bytes (update.max_mb). */
    public long maxBytes() {
        return maxBytes;
    }

    /**
     * The verified package. Throws {@code too_large} (over the limit or the announced size), {@code
     * checksum_mismatch} (nothing kept), {@code source_unreachable} (every attempt failed; the part is kept for a
     * later resume), each with a reason that names the URL.
     */
    public Path fetch(URI url, String sha256, Long size) throws CommandException, InterruptedException {
        String where = url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + url.getRawPath(); // never the user:password part
        Path part = dir.resolve(PART);
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(dir.resolve(FILE));
            if (!sha256.equals(partOf())) {
                Files.deleteIfExists(part);
                AtomicFiles.write(dir.resolve(PART_OF), sha256.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
        } catch (IOException e) {
            throw new CommandException(RejectCode.SOURCE_UNREACHABLE, "cannot write in " + dir + ": " + e.getMessage());
        }
        String lastProblem = null;
        Duration backoff = firstBackoff;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                if (attempt(url, where, part, size)) {
                    return verified(part, sha256, where);
                }
            } catch (IOException e) {
                lastProblem = e.getMessage();
                Logger.warn("update: download of {} attempt {} of {} broke off: {}", where, attempt, attempts,
                        lastProblem);
            }
            if (attempt < attempts) {
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2);
            }
        }
        throw new CommandException(RejectCode.SOURCE_UNREACHABLE, "download of " + where + " incomplete after "
                + attempts + " attempts (" + partSize(part) + " bytes kept to resume): " + lastProblem);
    }

    /** One connection: true when the body arrived whole; false never; a drop throws. */
    private boolean attempt(URI url, String where, Path part, Long size) throws IOException, CommandException {
        long have = Files.exists(part) ? Files.size(part) : 0;
        try (SourceStream source = HttpSource.open(url, settings, have)) {
            if (source.live()) {
                throw new CommandException(RejectCode.SOURCE_UNREACHABLE, where + " has no length (Content-Length); "
                        + "a package must be served as a plain file");
            }
            long from = source.offset();
            if (from != have && from != 0) {
                throw new IOException("asked for bytes from " + have + ", the server sent from " + from);
            }
            long total = from + source.length();
            if (total > maxBytes) {
                throw new CommandException(RejectCode.TOO_LARGE, where + " is " + total + " bytes; this station "
                        + "downloads at most " + maxBytes + " (update.max_mb)");
            }
            if (size != null && total != size) {
                throw new CommandException(RejectCode.CHECKSUM_MISMATCH, where + " is " + total + " bytes; the "
                        + "command says " + size);
            }
            StandardOpenOption mode = from == 0 ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND;
            try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode)) {
                InputStream in = source.body();
                byte[] buffer = new byte[BUFFER];
                int n;
                try {
                    while ((n = in.read(buffer)) >= 0) {
                        ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                        while (chunk.hasRemaining()) {
                            out.write(chunk);
                        }
                    }
                } finally {
                    out.force(true); // what arrived is kept for the resume
                }
            }
            return true;
        }
    }

    private Path verified(Path part, String sha256, String where) throws CommandException {
        try {
            String actual = sha256(part);
            if (!actual.equals(sha256)) {
                long bytes = partSize(part);
                Files.deleteIfExists(part);
                Files.deleteIfExists(dir.resolve(PART_OF));
                throw new CommandException(RejectCode.CHECKSUM_MISMATCH, "downloaded " + bytes + " bytes from " + where
                        + "; SHA-256 is " + actual + ", the command says " + sha256 + " (wrong file, or altered on "
                        + "the way); nothing kept, nothing installed");
            }
            Path file = dir.resolve(FILE);
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(dir.resolve(PART_OF));
            AtomicFiles.syncDirectory(dir);
            return file;
        } catch (IOException e) {
            throw new CommandException(RejectCode.SOURCE_UNREACHABLE, "cannot check the download in " + dir + ": "
                    + e.getMessage());
        }
    }

    private String partOf() throws IOException {
        Path file = dir.resolve(PART_OF);
        return Files.exists(file) ? Files.readString(file).strip() : null;
    }

    private static long partSize(Path part) {
        try {
            return Files.exists(part) ? Files.size(part) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The SHA-256 of a file, lowercase hex. */
    static String sha256(Path file) throws IOException {
        MessageDigest digest = Sha256.digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[BUFFER];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
