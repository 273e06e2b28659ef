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
import java.security.NoSuchAlgorithmException;
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
import java.util.concurrent.ExecutionException;
import vn.communeradio.gateway.store.AtomicFiles;

/**
 * The media cache for {@code mode: file} (PROTOCOL.md): whole files fetched before they play, so that they play
 * offline. Holds verified, complete files only: a download lands under a temporary name, is synced, checked
 * and then renamed, so a power cut or a drop leaves the old state. Keyed by the SHA-256 when the command gives
 * one (the same file from another URL is a hit), else by the URL. Bounded in bytes: the least recently used
 * files go first; last use is the file's mtime, so the order survives a restart.
 */
public final class FileCache {

    /** The cache's folder name under the station's state directory. */
    public static final String DIRECTORY = "media-cache";

    private static final String PART = ".part";
    private static final int COPY_BUFFER = 64 * 1024;

    private final Path dir;
    private final long maxBytes;
    private final Map<String, Entry> entries = new HashMap<>();
    private final Map<String, CompletableFuture<Path>> downloads = new ConcurrentHashMap<>();
    private long totalBytes;
    private long lastStamp;

    private record Entry(long size, long lastUse) {
    }

    /**
     * Opens (or creates) the cache in {@code dir}: leftovers of interrupted downloads are deleted, the files
     * already there are kept with their last-use order.
     */
    public FileCache(Path dir, long maxBytes) throws IOException {
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
     * The cached file for this source, downloading it first when it is not there yet. Two threads asking for
     * the same file share one download.
     *
     * @param sha256 the expected SHA-256 (64 hex digits), or null to trust the URL
     * @throws IOException the download failed (nothing is cached then) or its SHA-256 differs, with a message
     *                     that names the URL
     */
    public Path fetch(URI uri, String sha256, SourceSettings settings) throws IOException {
        String name = entryName(uri, sha256);
        Optional<Path> hit = use(name);
        if (hit.isPresent()) {
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
                path = download(uri, sha256 == null ? null : sha256.toLowerCase(Locale.ROOT), name, settings);
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

    private Path download(URI uri, String sha256, String name, SourceSettings settings) throws IOException {
        Path temp = dir.resolve(name + PART);
        String url = HttpSource.redacted(uri);
        long received = 0;
        try (SourceStream source = Sources.open(uri, settings)) {
            if (source.live()) {
                throw new Unusable("stream " + url + " has no length (a live stream?): mode file needs a"
                        + " whole file; play it with mode stream");
            }
            if (source.length() > maxBytes) {
                throw tooLarge(url, source.length() + " bytes");
            }
            MessageDigest digest = sha256();
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
            return install(temp, name, received);
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
        return "url-" + HexFormat.of().formatHex(sha256().digest(url));
    }

    private static boolean isEntryName(String name) {
        return name.matches("(sha256|url)-[0-9a-f]{64}");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
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
