package vn.communeradio.gateway.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.concurrent.ExecutionException;
import org.tinylog.Logger;
import vn.communeradio.gateway.store.AtomicFiles;
import vn.communeradio.gateway.store.Sha256;

/**
 * The media cache for {@code mode: file} (PROTOCOL.md): whole files fetched before they play, so that they play
 * offline. Holds verified, complete files only: a download lands under a temporary name, is synced, checked
 * and then renamed, so a power cut or a drop leaves the old state. Keyed by the SHA-256 when the command gives
 * one (the same file from another URL is a hit), else by the URL. Bounded in bytes: the least recently used
 * files go first; last use is the file's mtime, so the order survives a restart.
 *
 * <p>A file known only by its URL may change on its server (a daily bulletin replaced under the same name): before
 * it plays, the cache asks the server with a conditional request (the ETag / Last-Modified it sent, kept beside the
 * file) and takes the new version if there is one; when the server cannot be reached within a few seconds, the
 * cached copy plays. A file known by its SHA-256 cannot change and is never asked about.
 */
public final class FileCache {

    /** The cache's folder name under the station's state directory. */
    public static final String DIRECTORY = "media-cache";

    private static final String PART = ".part";
    /** Beside a file known by its URL: the validators its server sent with it. */
    private static final String VALIDATORS = ".http";
    /** A file checked with its server this recently plays without asking again (a resume, a repeat). */
    static final Duration RECHECK_AFTER = Duration.ofMinutes(1);
    /** How long asking the server may hold a file that is cached back: the station may well be offline. */
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(3);
    private static final int COPY_BUFFER = 64 * 1024;

    private final Path dir;
    private final long maxBytes;
    private final Map<String, Entry> entries = new HashMap<>();
    private final Map<String, CompletableFuture<Path>> downloads = new ConcurrentHashMap<>();
    /** When each URL-keyed file was last found current on its server ({@link #monoNanos}); not kept over restarts. */
    private final Map<String, Long> checked = new ConcurrentHashMap<>();
    private final LongSupplier monoNanos;
    private long totalBytes;
    private long lastStamp;

    private record Entry(long size, long lastUse) {
    }

    /**
     * Opens (or creates) the cache in {@code dir}: leftovers of interrupted downloads are deleted, the files
     * already there are kept with their last-use order.
     */
    public FileCache(Path dir, long maxBytes) throws IOException {
        this(dir, maxBytes, System::nanoTime);
    }

    /** As {@link #FileCache(Path, long)}, telling how long ago a file was checked by {@code monoNanos}. */
    public FileCache(Path dir, long maxBytes, LongSupplier monoNanos) throws IOException {
        this.monoNanos = monoNanos;
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("the media cache needs a positive size: " + maxBytes);
        }
        this.dir = dir;
        this.maxBytes = maxBytes;
        Files.createDirectories(dir);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(PART)) {
                    Files.deleteIfExists(file);
                } else if (isEntryName(name) && Files.isRegularFile(file)) {
                    long lastUse = Files.getLastModifiedTime(file).toMillis();
                    long size = Files.size(file);
                    entries.put(name, new Entry(size, lastUse));
                    totalBytes += size;
                    lastStamp = Math.max(lastStamp, lastUse);
                }
            }
        }
        try (DirectoryStream<Path> sidecars = Files.newDirectoryStream(dir, "*" + VALIDATORS)) {
            for (Path sidecar : sidecars) {
                String name = sidecar.getFileName().toString();
                if (!entries.containsKey(name.substring(0, name.length() - VALIDATORS.length()))) {
                    Files.deleteIfExists(sidecar); // its file was evicted or deleted
                }
            }
        }
        synchronized (this) {
            evictFor(0, null); // the bound may have been lowered since the last run
        }
    }

    public Path directory() {
        return dir;
    }

    public long maxBytes() {
        return maxBytes;
    }

    public synchronized long totalBytes() {
        return totalBytes;
    }

    /**
     * The cached file for this source, downloading it first when it is not there yet, or when a file known by its
     * URL has changed on the server (a cached copy plays when the server cannot say). Two threads asking for the
     * same file share one download.
     *
     * @param sha256 the expected SHA-256 (64 hex digits), or null to trust the URL
     * @throws IOException the download failed (nothing is cached then) or its SHA-256 differs, with a message
     *                     that names the URL
     */
    public Path fetch(URI uri, String sha256, SourceSettings settings) throws IOException {
        String name = entryName(uri, sha256);
        Optional<Path> hit = use(name);
        if (hit.isPresent() && current(name, sha256)) {
            return hit.get();
        }
        CompletableFuture<Path> mine = new CompletableFuture<>();
        CompletableFuture<Path> running = downloads.putIfAbsent(name, mine);
        if (running != null) {
            return await(running);
        }
        try {
            Path path = use(name).orElse(null); // another download may have finished just before ours began
            if (path == null) {
                path = download(uri, sha256 == null ? null : sha256.toLowerCase(Locale.ROOT), name, settings,
                        Validators.NONE);
            } else if (!current(name, sha256)) {
                path = recheck(uri, name, path, settings);
            }
            mine.complete(path);
            return path;
        } catch (IOException | RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            downloads.remove(name, mine);
        }
    }

    /** True when the entry needs no word with its server: known by its hash, or found current a moment ago. */
    private boolean current(String name, String sha256) {
        Long at = checked.get(name);
        return sha256 != null || at != null && monoNanos.getAsLong() - at < RECHECK_AFTER.toNanos();
    }

    /** Asks the server whether the cached {@code file} is still its version: the new one if not, else the file. */
    private Path recheck(URI uri, String name, Path file, SourceSettings settings) {
        String url = HttpSource.redacted(uri);
        Validators known = validators(name);
        SourceSettings quick = settings
                .withConnectTimeout(min(settings.connectTimeout(), CHECK_TIMEOUT))
                .withStallTimeout(min(settings.stallTimeout(), CHECK_TIMEOUT));
        try {
            Path fresh = download(uri, null, name, quick, known);
            if (fresh == null) {
                return file;
            }
            Logger.info(known.none()
                    ? "media cache: {} fetched again (its server sends no ETag or Last-Modified to check against)"
                    : "media cache: {} has changed on its server; the new version replaced the cached copy", url);
            return fresh;
        } catch (IOException e) {
            Logger.warn("media cache: could not ask {} whether it has changed ({}); the cached copy plays", url,
                    e.getMessage());
            return file;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private Validators validators(String name) {
        try {
            return Validators.fromLines(Files.readAllLines(dir.resolve(name + VALIDATORS), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Validators.NONE; // none kept (or unreadable): an unconditional request fetches it again
        }
    }

    /** The cached file for this source, if it is there: what plays when the network is gone. */
    public Optional<Path> cached(URI uri, String sha256) {
        return use(entryName(uri, sha256));
    }

    private static Path await(CompletableFuture<Path> download) throws IOException {
        try {
            return download.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a download to the media cache");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Unusable unusable) {
                throw new Unusable(unusable.getMessage());
            }
            throw new IOException(cause.getMessage(), cause);
        }
    }

    /** The entry's path with its last use set to now, or empty. */
    private synchronized Optional<Path> use(String name) {
        Entry entry = entries.get(name);
        if (entry == null) {
            return Optional.empty();
        }
        Path path = dir.resolve(name);
        long now = stamp();
        try {
            Files.setLastModifiedTime(path, FileTime.fromMillis(now));
        } catch (IOException e) {
            // deleted behind our back (a technician cleaning up): forget it, it will be downloaded again
            entries.remove(name);
            totalBytes -= entry.size();
            return Optional.empty();
        }
        entries.put(name, new Entry(entry.size(), now));
        return Optional.of(path);
    }

    /**
     * Downloads into the cache under {@code name}; with {@code known} validators, asks for the body only if it is
     * another version, and returns null when the server says the cached one is current.
     */
    private Path download(URI uri, String sha256, String name, SourceSettings settings, Validators known)
            throws IOException {
        Path temp = dir.resolve(name + PART);
        String url = HttpSource.redacted(uri);
        long received = 0;
        try (SourceStream source = known.none() ? Sources.open(uri, settings)
                : HttpSource.openIfChanged(uri, settings, known)) {
            if (source == null) {
                checked.put(name, monoNanos.getAsLong());
                return null;
            }
            if (source.live()) {
                throw new Unusable("stream " + url + " has no length (a live stream?): mode file needs a"
                        + " whole file; play it with mode stream");
            }
            if (source.length() > maxBytes) {
                throw tooLarge(url, source.length() + " bytes");
            }
            MessageDigest digest = Sha256.digest();
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                InputStream in = source.body();
                byte[] buffer = new byte[COPY_BUFFER];
                int n;
                while ((n = read(in, buffer, url, received)) >= 0) {
                    received += n;
                    if (received > maxBytes) {
                        throw tooLarge(url, "over " + maxBytes + " bytes");
                    }
                    digest.update(buffer, 0, n);
                    ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                    while (chunk.hasRemaining()) {
                        out.write(chunk);
                    }
                }
                out.force(true);
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (sha256 != null && !actual.equals(sha256)) {
                throw new Unusable("downloaded " + received + " bytes from " + url + "; SHA-256 is " + actual
                        + ", expected " + sha256 + " (wrong file, or altered on the way); nothing cached");
            }
            Path installed = install(temp, name, received);
            if (sha256 == null) {
                keepValidators(name, source.validators());
                checked.put(name, monoNanos.getAsLong());
            }
            return installed;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A read whose failure says that the download broke off, and where. */
    private static int read(InputStream in, byte[] buffer, String url, long received) throws IOException {
        try {
            return in.read(buffer);
        } catch (IOException e) {
            throw new IOException("download of " + url + " broke off after " + received + " bytes: "
                    + e.getMessage() + "; nothing cached", e);
        }
    }

    private IOException tooLarge(String url, String size) {
        return new Unusable("file " + url + " is " + size + " but the media cache holds at most " + maxBytes
                + " bytes; nothing cached");
    }

    /**
     * Keeps what identifies the file's version beside it. A power cut between the file and this leaves old or no
     * validators: the next check then fetches the file again, which heals it.
     */
    private void keepValidators(String name, Validators validators) throws IOException {
        Path sidecar = dir.resolve(name + VALIDATORS);
        if (validators.none()) {
            Files.deleteIfExists(sidecar);
        } else {
            AtomicFiles.write(sidecar, String.join("\n", validators.toLines()).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Makes room, renames the synced file into place and records it. */
    private synchronized Path install(Path temp, String name, long size) throws IOException {
        evictFor(size, name);
        Path target = dir.resolve(name);
        Entry replaced = entries.remove(name);
        if (replaced != null) {
            totalBytes -= replaced.size();
        }
        long now = stamp();
        Files.setLastModifiedTime(temp, FileTime.fromMillis(now));
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        AtomicFiles.syncDirectory(dir);
        entries.put(name, new Entry(size, now));
        totalBytes += size;
        return target;
    }

    /** Deletes least recently used files (never {@code keep}) until {@code incoming} more bytes fit. */
    private void evictFor(long incoming, String keep) throws IOException {
        if (totalBytes + incoming <= maxBytes) {
            return;
        }
        List<Map.Entry<String, Entry>> byAge = new ArrayList<>(entries.entrySet());
        byAge.sort(Comparator.comparingLong(e -> e.getValue().lastUse()));
        for (Map.Entry<String, Entry> oldest : byAge) {
            if (totalBytes + incoming <= maxBytes) {
                break;
            }
            if (oldest.getKey().equals(keep)) {
                continue;
            }
            Files.deleteIfExists(dir.resolve(oldest.getKey()));
            Files.deleteIfExists(dir.resolve(oldest.getKey() + VALIDATORS));
            checked.remove(oldest.getKey());
            entries.remove(oldest.getKey());
            totalBytes -= oldest.getValue().size();
        }
    }

    /** Now in milliseconds, strictly after the last stamp given, so uses in one millisecond keep their order. */
    private long stamp() {
        lastStamp = Math.max(System.currentTimeMillis(), lastStamp + 1);
        return lastStamp;
    }

    /** "sha256-<hex>" for a file known by its hash, "url-<hex of the URL's SHA-256>" otherwise. */
    static String entryName(URI uri, String sha256) {
        if (sha256 != null) {
            if (!sha256.matches("[0-9a-fA-F]{64}")) {
                throw new IllegalArgumentException("sha256 must be 64 hex digits: " + sha256);
            }
            return "sha256-" + sha256.toLowerCase(Locale.ROOT);
        }
        byte[] url = uri.toString().getBytes(StandardCharsets.UTF_8);
        return "url-" + HexFormat.of().formatHex(Sha256.digest().digest(url));
    }

    private static boolean isEntryName(String name) {
        return name.matches("(sha256|url)-[0-9a-f]{64}");
    }

    /**
     * The server answered with something the cache must refuse (wrong hash, too big, no length): unlike a network
     * problem, trying again will not help.
     */
    public static final class Unusable extends IOException {
        public Unusable(String message) {
            super(message);
        }
    }

}
