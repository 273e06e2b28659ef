package vn.communeradio.gateway.update;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.command.CommandException;
import vn.communeradio.gateway.command.RejectCode;
import vn.communeradio.gateway.source.SourceSettings;

/**
 * Package downloads from a real HTTP server on loopback (the JDK's, which honours Range like nginx or Apache):
 * resumed after drops, checked against the SHA-256 and the size limit before anything is kept.
 */
class PackageDownloadTest {

    @TempDir
    Path dir;
    private HttpServer server;
    private final byte[] body = new byte[300_000];
    /** Connections to cut after this many body bytes; a negative value serves whole. */
    private final AtomicInteger cutAfter = new AtomicInteger(-1);
    private final List<String> ranges = new CopyOnWriteArrayList<>();

    @BeforeEach
    void serve() throws IOException {
        new Random(7).nextBytes(body);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/p.deb", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String range = exchange.getRequestHeaders().getFirst("Range");
        ranges.add(String.valueOf(range));
        int from = range == null ? 0 : Integer.parseInt(range.replaceAll("bytes=(\\d+)-", "$1"));
        if (from > 0) {
            exchange.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
        }
        exchange.sendResponseHeaders(from > 0 ? 206 : 200, body.length - from);
        try (OutputStream out = exchange.getResponseBody()) {
            int cut = cutAfter.get();
            int end = cut < 0 ? body.length : Math.min(body.length, from + cut);
            out.write(body, from, end - from);
            out.flush();
            if (end < body.length) {
                exchange.getHttpContext().getServer(); // keep the exchange referenced until the abrupt close
                throw new IOException("cut on purpose"); // the JDK server then closes the connection mid-body
            }
        }
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/p.deb");
    }

    private PackageDownload download(long maxBytes) {
        return new PackageDownload(dir, maxBytes, SourceSettings.defaults().withStallTimeout(Duration.ofSeconds(5)),
                4, Duration.ofMillis(10));
    }

    private String sha() throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    }

    @Test
    void aDroppedDownloadResumesWhereItBrokeOff() throws Exception {
        cutAfter.set(120_000);
        Path file = download(1 << 20).fetch(url(), sha(), (long) body.length);
        assertArrayEquals(body, Files.readAllBytes(file));
        assertEquals(PackageDownload.FILE, file.getFileName().toString());
        assertEquals(List.of("null", "bytes=120000-", "bytes=240000-"), ranges, "each attempt asks for what is missing");
        assertFalse(Files.exists(dir.resolve(PackageDownload.PART)));
    }

    @Test
    void aWrongHashKeepsNothing() throws Exception {
        CommandException e = assertThrows(CommandException.class,
                () -> download(1 << 20).fetch(url(), "00".repeat(32), null));
        assertEquals(RejectCode.CHECKSUM_MISMATCH, e.code());
        assertTrue(e.reason().contains("SHA-256 is " + sha()) && e.reason().contains("nothing installed"), e.reason());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().startsWith("package.deb")).toList());
        }
    }

    @Test
    void aPackageOverTheLimitIsNotDownloaded() throws Exception {
        CommandException e = assertThrows(CommandException.class, () -> download(100_000).fetch(url(), sha(), null));
        assertEquals(RejectCode.TOO_LARGE, e.code());
        assertTrue(e.reason().contains("300000 bytes") && e.reason().contains("update.max_mb"), e.reason());
        assertFalse(Files.exists(dir.resolve(PackageDownload.FILE)));
    }

    @Test
    void aDownloadThatKeepsBreakingFailsAndKeepsWhatCameForLater() throws Exception {
        cutAfter.set(10_000);
        CommandException e = assertThrows(CommandException.class, () -> download(1 << 20).fetch(url(), sha(), null));
        assertEquals(RejectCode.SOURCE_UNREACHABLE, e.code());
        assertTrue(e.reason().contains("incomplete after 4 attempts (40000 bytes kept to resume)"), e.reason());
        assertEquals(40_000, Files.size(dir.resolve(PackageDownload.PART)));

        cutAfter.set(-1); // the same package asked for again resumes; another one starts afresh
        ranges.clear();
        assertArrayEquals(body, Files.readAllBytes(download(1 << 20).fetch(url(), sha(), null)));
        assertEquals(List.of("bytes=40000-"), ranges);
    }
}
