package vn.communeradio.tests.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.source.FileCache;
import vn.communeradio.gateway.source.SourceSettings;
import vn.communeradio.tests.support.RunsAlone;
import vn.communeradio.tests.support.StreamServer;
import vn.communeradio.tests.support.StreamServer.Reply;

/** The media cache for mode: file, against a loopback server: verified, atomic, bounded, LRU, restartable. */
@RunsAlone
class FileCacheTest {

    static final SourceSettings SETTINGS = SourceSettings.defaults().withStallTimeout(Duration.ofSeconds(5));

    @TempDir
    Path state;
    Path dir;
    StreamServer server;

    @BeforeEach
    void start() throws IOException {
        server = StreamServer.start();
        dir = state.resolve(FileCache.DIRECTORY);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** Serves {@code body} at {@code path} and returns its URL. */
    URI serve(String path, byte[] body) {
        server.serve(path, Reply.sized(body));
        return server.uri(path);
    }

    /** The cache's name for a file known by its URL (FileCache's scheme: "url-" and the URL's SHA-256). */
    static String entryName(URI uri) throws Exception {
        return "url-" + sha256(uri.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    List<String> files() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aVerifiedFileIsCachedAndPlaysWithoutTheNetwork() throws Exception {
        byte[] body = bytes(50_000, 1);
        URI uri = serve("/bulletin.mp3", body);
        FileCache cache = new FileCache(dir, 1_000_000);
        Path file = cache.fetch(uri, sha256(body).toUpperCase(), SETTINGS);
        assertArrayEquals(body, Files.readAllBytes(file));
        server.close();
        assertEquals(file, cache.cached(uri, sha256(body)).orElseThrow());
        assertEquals(file, cache.fetch(uri, sha256(body), SETTINGS), "a hit needs no network");
        assertEquals(50_000, cache.totalBytes());
    }

    @Test
    void theSameFileFromAnotherUrlIsAHitWhenItsHashIsGiven() throws Exception {
        byte[] body = bytes(1000, 2);
        FileCache cache = new FileCache(dir, 1_000_000);
        Path file = cache.fetch(serve("/a.mp3", body), sha256(body), SETTINGS);
        assertEquals(file, cache.fetch(serve("/b.mp3", body), sha256(body), SETTINGS));
        assertEquals(0, server.connections("/b.mp3"));
    }

    @Test
    void aHashMismatchCachesNothingAndSaysBothHashes() throws Exception {
        byte[] body = bytes(1234, 3);
        URI uri = serve("/x.mp3", body);
        String wrong = "0".repeat(64);
        FileCache cache = new FileCache(dir, 1_000_000);
        IOException e = assertThrows(IOException.class, () -> cache.fetch(uri, wrong, SETTINGS));
        assertTrue(e.getMessage().startsWith("downloaded 1234 bytes from " + uri + "; SHA-256 is " + sha256(body)
                + ", expected " + wrong), e.getMessage());
        assertTrue(cache.cached(uri, wrong).isEmpty());
        assertEquals(List.of(), files());
        assertEquals(0, cache.totalBytes());
    }

    @Test
    void aDropMidDownloadCachesNothingAndATryLaterWorks() throws Exception {
        byte[] body = bytes(100_000, 4);
        server.serve("/x.mp3", Reply.sized(body).dropAfter(60_000));
        URI uri = server.uri("/x.mp3");
        FileCache cache = new FileCache(dir, 1_000_000);
        IOException e = assertThrows(IOException.class, () -> cache.fetch(uri, null, SETTINGS));
        assertTrue(e.getMessage().startsWith("download of " + uri + " broke off after 60000 bytes: 127.0.0.1:"
                + server.port() + " closed the connection after 60000 of 100000 bytes"), e.getMessage());
        assertEquals(List.of(), files());
        assertTrue(cache.cached(uri, null).isEmpty());

        server.serve("/x.mp3", Reply.sized(body));
        assertArrayEquals(body, Files.readAllBytes(cache.fetch(uri, null, SETTINGS)));
    }

    @Test
    void aCutChunkedDownloadCachesNothing() throws Exception {
        server.serve("/c.mp3", Reply.chunked(bytes(10_000, 5), 1000).dropAfter(5000));
        FileCache cache = new FileCache(dir, 1_000_000);
        assertThrows(IOException.class, () -> cache.fetch(server.uri("/c.mp3"), null, SETTINGS));
        assertEquals(List.of(), files());
    }

    @Test
    void leastRecentlyUsedFilesAreEvictedFirst() throws Exception {
        FileCache cache = new FileCache(dir, 3000);
        URI a = serve("/a", bytes(1000, 10));
        URI b = serve("/b", bytes(1000, 11));
        URI c = serve("/c", bytes(1000, 12));
        URI d = serve("/d", bytes(1000, 13));
        cache.fetch(a, null, SETTINGS);
        cache.fetch(b, null, SETTINGS);
        cache.fetch(c, null, SETTINGS);
        assertTrue(cache.cached(a, null).isPresent()); // a used again: b is now the oldest
        cache.fetch(d, null, SETTINGS);
        assertTrue(cache.cached(b, null).isEmpty(), "b was the least recently used");
        assertTrue(cache.cached(c, null).isPresent());
        assertTrue(cache.cached(a, null).isPresent());
        assertTrue(cache.cached(d, null).isPresent());
        assertEquals(3000, cache.totalBytes());
        assertEquals(3, files().size());
    }

    @Test
    void aRestartKeepsEntriesAndTheirLastUseOrderAndRemovesHalfDownloads() throws Exception {
        FileCache before = new FileCache(dir, 3000);
        URI a = serve("/a", bytes(1000, 20));
        URI b = serve("/b", bytes(1000, 21));
        URI c = serve("/c", bytes(1000, 22));
        before.fetch(a, null, SETTINGS);
        before.fetch(b, null, SETTINGS);
        before.fetch(c, null, SETTINGS);
        before.cached(a, null); // order now b, c, a
        Files.write(dir.resolve("url-" + "1".repeat(64) + ".part"), bytes(500, 23)); // a power cut mid-download

        FileCache after = new FileCache(dir, 3000);
        assertEquals(3000, after.totalBytes());
        assertFalse(files().stream().anyMatch(f -> f.endsWith(".part")), files().toString());
        after.fetch(serve("/d", bytes(1000, 24)), null, SETTINGS);
        assertTrue(after.cached(b, null).isEmpty(), "b was the least recently used before the restart");
        assertTrue(after.cached(c, null).isPresent());
        assertTrue(after.cached(a, null).isPresent());
    }

    @Test
    void twoThreadsFetchingTheSameUrlShareOneDownload() throws Exception {
        byte[] body = bytes(200_000, 30);
        server.serve("/same.mp3", Reply.sized(body).pauseAfter(100_000));
        URI uri = server.uri("/same.mp3");
        FileCache cache = new FileCache(dir, 1_000_000);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Path> first = pool.submit(() -> cache.fetch(uri, null, SETTINGS));
            server.awaitConnections("/same.mp3", 1, Duration.ofSeconds(10));
            Thread[] second = new Thread[1];
            Future<Path> other = pool.submit(() -> {
                second[0] = Thread.currentThread();
                return cache.fetch(uri, null, SETTINGS);
            });
            awaitWaitingOrSecondConnection(second, "/same.mp3");
            server.resume("/same.mp3");
            assertEquals(first.get(), other.get());
            assertArrayEquals(body, Files.readAllBytes(first.get()));
            assertEquals(1, server.connections("/same.mp3"));
        } finally {
            pool.shutdownNow();
        }
    }

    /** The second fetch either waits for the first (right) or opens its own connection (wrong). */
    private void awaitWaitingOrSecondConnection(Thread[] second, String path) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Thread t = second[0];
            if (server.connections(path) > 1 || t != null && t.getState() == Thread.State.WAITING) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("the second fetch neither waited nor connected");
    }

    @Test
    void aFileLargerThanTheCacheIsRefusedBeforeItsBodyIsRead() throws Exception {
        // the server holds the body back: reading it would hang, so only the Content-Length can refuse it
        server.serve("/big.mp3", Reply.sized(bytes(5000, 40)).pauseAfter(0));
        FileCache cache = new FileCache(dir, 4000);
        IOException e = assertThrows(IOException.class, () -> cache.fetch(server.uri("/big.mp3"), null, SETTINGS));
        assertEquals("file " + server.uri("/big.mp3") + " is 5000 bytes but the media cache holds at most 4000"
                + " bytes; nothing cached", e.getMessage());
        assertEquals(List.of(), files());
    }

    @Test
    void aBodyWithoutContentLengthIsCutOffAtTheCacheBound() throws Exception {
        server.serve("/big.mp3", Reply.chunked(bytes(50_000, 41), 1000));
        FileCache cache = new FileCache(dir, 4000);
        IOException e = assertThrows(IOException.class, () -> cache.fetch(server.uri("/big.mp3"), null, SETTINGS));
        assertTrue(e.getMessage().contains("is over 4000 bytes"), e.getMessage());
        assertEquals(List.of(), files());
    }

    @Test
    void aLiveStreamIsRefusedForModeFile() throws Exception {
        server.serve("/live", Reply.live(bytes(1000, 42)));
        FileCache cache = new FileCache(dir, 1_000_000);
        IOException e = assertThrows(IOException.class, () -> cache.fetch(server.uri("/live"), null, SETTINGS));
        assertTrue(e.getMessage().contains("has no length (a live stream?)"), e.getMessage());
        assertEquals(List.of(), files());
    }

    // A file known only by its URL can change on its server: "ban-tin-hang-ngay.mp3" is replaced every morning.
    // A restart of the cache stands for "a later play": a check younger than a minute is trusted (tested below).

    /** Serves {@code body} at /ban-tin.mp3 with one validator header, caches it as a play would, returns the URL. */
    URI cachedBulletin(byte[] body, String validator, String value) throws Exception {
        server.serve("/ban-tin.mp3", Reply.sized(body).header(validator, value));
        URI uri = server.uri("/ban-tin.mp3");
        assertArrayEquals(body, Files.readAllBytes(new FileCache(dir, 1_000_000).fetch(uri, null, SETTINGS)));
        return uri;
    }

    @Test
    void aFileKnownByItsUrlIsFetchedAgainWhenItHasChangedOnItsServer() throws Exception {
        byte[] monday = bytes(20_000, 50);
        byte[] tuesday = bytes(30_000, 51);
        URI uri = cachedBulletin(monday, "ETag", "\"mon\"");

        server.serve("/ban-tin.mp3", Reply.sized(tuesday).header("ETag", "\"tue\""));
        FileCache later = new FileCache(dir, 1_000_000);
        assertArrayEquals(tuesday, Files.readAllBytes(later.fetch(uri, null, SETTINGS)));
        assertEquals("\"mon\"", server.lastRequest("/ban-tin.mp3").header("if-none-match"),
                "the cache asked for anything but the version it had");
        assertEquals(30_000, later.totalBytes(), "the new version replaced the old one");
        assertEquals(List.of(entryName(uri), entryName(uri) + ".http"), files());
    }

    @Test
    void anUnchangedFileIsNotDownloadedAgain() throws Exception {
        byte[] cached = bytes(20_000, 52);
        URI uri = cachedBulletin(cached, "Last-Modified", "Mon, 30 Nov 2026 05:00:00 GMT");
        // the same version on the server, with other bytes: had the cache downloaded it, it would hold these
        server.serve("/ban-tin.mp3", Reply.sized(bytes(20_000, 53))
                .header("Last-Modified", "Mon, 30 Nov 2026 05:00:00 GMT"));
        FileCache later = new FileCache(dir, 1_000_000);
        assertArrayEquals(cached, Files.readAllBytes(later.fetch(uri, null, SETTINGS)), "304: the cached copy");
        assertEquals("Mon, 30 Nov 2026 05:00:00 GMT",
                server.lastRequest("/ban-tin.mp3").header("if-modified-since"));
        assertEquals(2, server.connections("/ban-tin.mp3"));
        later.fetch(uri, null, SETTINGS);
        assertEquals(2, server.connections("/ban-tin.mp3"), "checked a moment ago: not asked again");
    }

    @Test
    void whenTheServerCannotBeAskedTheCachedCopyPlaysWithinSeconds() throws Exception {
        byte[] cached = bytes(20_000, 54);
        URI uri = cachedBulletin(cached, "ETag", "\"v1\"");

        server.serve("/ban-tin.mp3", Reply.sized(bytes(20_000, 55)).header("ETag", "\"v2\"").stallAfter(0));
        long start = System.nanoTime();
        Path stalled = new FileCache(dir, 1_000_000).fetch(uri, null, SETTINGS.withStallTimeout(Duration.ofSeconds(60)));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertArrayEquals(cached, Files.readAllBytes(stalled), "a server that stalls: the cached copy");
        assertTrue(millis < 4_500, "asking is bounded (~3 s), whatever the stall timeout: " + millis + " ms");

        server.close();
        assertArrayEquals(cached, Files.readAllBytes(new FileCache(dir, 1_000_000).fetch(uri, null, SETTINGS)),
                "no server at all: the cached copy");
    }

    @Test
    void aServerWithoutValidatorsHasItsFileFetchedAgain() throws Exception {
        URI uri = serve("/plain.mp3", bytes(5_000, 56));
        new FileCache(dir, 1_000_000).fetch(uri, null, SETTINGS);
        byte[] changed = bytes(6_000, 57);
        serve("/plain.mp3", changed);
        assertArrayEquals(changed, Files.readAllBytes(new FileCache(dir, 1_000_000).fetch(uri, null, SETTINGS)));
        assertEquals(null, server.lastRequest("/plain.mp3").header("if-none-match"));
    }

    @Test
    void aFileKnownByItsHashIsNeverAskedAbout() throws Exception {
        byte[] body = bytes(5_000, 58);
        server.serve("/h.mp3", Reply.sized(body).header("ETag", "\"h\""));
        URI uri = server.uri("/h.mp3");
        new FileCache(dir, 1_000_000).fetch(uri, sha256(body), SETTINGS);
        new FileCache(dir, 1_000_000).fetch(uri, sha256(body), SETTINGS);
        assertEquals(1, server.connections("/h.mp3"));
        assertFalse(files().stream().anyMatch(f -> f.endsWith(".http")), "no validators kept: " + files());
    }

    @Test
    void evictionAndRestartLeaveNoValidatorsBehind() throws Exception {
        FileCache cache = new FileCache(dir, 2000);
        server.serve("/a", Reply.sized(bytes(1000, 59)).header("ETag", "\"a\""));
        cache.fetch(server.uri("/a"), null, SETTINGS);
        cache.fetch(serve("/b", bytes(1000, 60)), null, SETTINGS);
        cache.fetch(serve("/c", bytes(1000, 61)), null, SETTINGS);
        assertFalse(files().stream().anyMatch(f -> f.endsWith(".http")), "evicted with its file: " + files());
        Files.writeString(dir.resolve("url-" + "2".repeat(64) + ".http"), "etag: \"x\"");
        new FileCache(dir, 2000);
        assertEquals(2, files().size(), "an orphan is removed at start: " + files());
    }
}
