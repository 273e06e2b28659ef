package vn.communeradio.tests.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.communeradio.gateway.source.HttpSource;
import vn.communeradio.gateway.source.SourceSettings;
import vn.communeradio.gateway.source.SourceStream;
import vn.communeradio.hal.RealPart;
import vn.communeradio.tests.support.RunsAlone;
import vn.communeradio.tests.support.StreamServer;
import vn.communeradio.tests.support.StreamServer.Down;
import vn.communeradio.tests.support.StreamServer.Reply;

/** The HTTP client against a loopback stream server: ends versus drops, ICY, stalls, redirects, errors. */
@RunsAlone
class HttpSourceTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final SourceSettings SETTINGS = SourceSettings.defaults().withStallTimeout(Duration.ofSeconds(5));

    StreamServer server;
    byte[] audio;

    @BeforeEach
    void start() throws IOException {
        server = StreamServer.start();
        audio = new byte[100_003];
        new Random(7).nextBytes(audio);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private SourceStream open(String path) throws IOException {
        return HttpSource.open(server.uri(path), SETTINGS);
    }

    /** Reads to -1; fails the test if the body throws. */
    static byte[] readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[3000]; // not a divisor of anything the server uses: reads straddle boundaries
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
        }
        assertEquals(-1, in.read(), "an ended body stays ended");
        return out.toByteArray();
    }

    /** Reads until the body throws, which it must; returns the bytes read before and the exception. */
    record Drop(byte[] received, IOException error) {
    }

    static Drop readToDrop(InputStream in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[3000];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            return new Drop(out.toByteArray(), e);
        }
        throw new AssertionError("the body ended (-1) after " + out.size() + " bytes; a drop was expected");
    }

    static byte[] readExactly(InputStream in, int n) throws IOException {
        byte[] out = in.readNBytes(n);
        assertEquals(n, out.length, "body ended early");
        return out;
    }

    @Test
    void aContentLengthBodyReceivedWholeIsAnEnd() throws IOException {
        server.serve("/file.mp3", Reply.sized(audio));
        try (SourceStream s = open("/file.mp3")) {
            assertArrayEquals(audio, readToEnd(s.body()));
            assertFalse(s.live());
            assertEquals(audio.length, s.length());
            assertEquals("audio/mpeg", s.contentType());
            assertEquals(server.uri("/file.mp3").toString(), s.location());
        }
    }

    @Test
    void anEmptyContentLengthBodyEndsAtOnce() throws IOException {
        server.serve("/empty", Reply.sized(new byte[0]));
        try (SourceStream s = open("/empty")) {
            assertEquals(-1, s.body().read());
        }
    }

    @Test
    void anEarlyCloseOfAContentLengthBodyIsADropThatSaysSo() throws IOException {
        server.serve("/file.mp3", Reply.sized(audio).dropAfter(50_000));
        try (SourceStream s = open("/file.mp3")) {
            Drop drop = readToDrop(s.body());
            assertArrayEquals(java.util.Arrays.copyOf(audio, 50_000), drop.received());
            assertEquals("127.0.0.1:" + server.port() + " closed the connection after 50000 of 100003 bytes",
                    drop.error().getMessage());
        }
    }

    @Test
    void aResponseWithoutLengthThatClosesIsADrop() throws IOException {
        server.serve("/live", Reply.live(audio).once());
        try (SourceStream s = open("/live")) {
            assertTrue(s.live());
            assertEquals(-1, s.length());
            Drop drop = readToDrop(s.body());
            assertArrayEquals(audio, drop.received());
            assertTrue(drop.error().getMessage().contains("closed the stream after 100003 bytes"),
                    drop.error().getMessage());
        }
    }

    @Test
    void aTerminatedChunkedBodyIsAnEnd() throws IOException {
        server.serve("/chunked", Reply.chunked(audio, 7000));
        try (SourceStream s = open("/chunked")) {
            assertFalse(s.live(), "a chunked body has a proper end, so it is not live");
            assertArrayEquals(audio, readToEnd(s.body()));
        }
    }

    @Test
    void aChunkedBodyCutBeforeItsLastChunkIsADrop() throws IOException {
        server.serve("/chunked", Reply.chunked(audio, 7000).dropAfter(30_000));
        try (SourceStream s = open("/chunked")) {
            Drop drop = readToDrop(s.body());
            assertEquals(30_000, drop.received().length);
            assertTrue(drop.error().getMessage().contains("in the middle of a chunked body (after 30000 bytes"),
                    drop.error().getMessage());
        }
    }

    @Test
    void aChunkedBodyCutExactlyAtAChunkBoundaryIsStillADrop() throws IOException {
        server.serve("/chunked", Reply.chunked(audio, 7000).dropAfter(28_000));
        try (SourceStream s = open("/chunked")) {
            assertEquals(28_000, readToDrop(s.body()).received().length);
        }
    }

    @Test
    void aMalformedChunkSizeIsADropThatSaysSo() throws IOException {
        server.serve("/bad", Reply.raw(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4\r\nabcd\r\nzz\r\n").getBytes(StandardCharsets.US_ASCII)));
        try (SourceStream s = open("/bad")) {
            Drop drop = readToDrop(s.body());
            assertEquals("abcd", new String(drop.received(), StandardCharsets.US_ASCII));
            assertTrue(drop.error().getMessage().contains("malformed chunked body (chunk size \"zz\""),
                    drop.error().getMessage());
        }
    }

    @Test
    void icyMetadataIsStrippedExactlyFromALiveStream() throws IOException {
        Reply reply = Reply.live(audio).loopFrom(1000).icy(777, "Bản tin sáng", "Nhạc dân ca");
        server.serve("/live", reply);
        try (SourceStream s = open("/live")) {
            assertEquals("1", server.lastRequest("/live").header("Icy-MetaData"));
            int n = 3 * audio.length; // three loops: the loop offset and many metadata blocks
            assertArrayEquals(reply.audio(n), readExactly(s.body(), n));
            assertTrue(List.of("Bản tin sáng", "Nhạc dân ca").contains(s.title()), s.title());
        }
    }

    @Test
    void icyMetadataIsStrippedFromASizedBodyWhichStillEnds() throws IOException {
        server.serve("/file", Reply.sized(audio).icy(16_000, "one"));
        try (SourceStream s = open("/file")) {
            assertArrayEquals(audio, readToEnd(s.body()));
            assertEquals("one", s.title());
            assertEquals(-1, s.length(), "the wire length counts metadata, so the audio length is unknown");
        }
    }

    @Test
    void titlesFollowTheStreamInEveryEncodingStationsUse() throws IOException {
        String vietnamese = "Thông báo khẩn: bão số 3";
        for (Charset charset : List.of(StandardCharsets.UTF_8, Charset.forName("windows-1258"))) {
            server.serve("/t", Reply.live(audio).icy(1000, "first", vietnamese).icyCharset(charset));
            try (SourceStream s = open("/t")) {
                List<String> seen = new ArrayList<>();
                byte[] buffer = new byte[500];
                for (int i = 0; i < 10; i++) {
                    readExactly(s.body(), buffer.length);
                    if (s.title() != null && (seen.isEmpty() || !seen.get(seen.size() - 1).equals(s.title()))) {
                        seen.add(s.title());
                    }
                }
                assertEquals(List.of("first", vietnamese, "first", vietnamese), seen.subList(0, 4), charset.name());
            }
        }
    }

    @Test
    void aTitleMayContainQuotesAndSemicolons() throws IOException {
        server.serve("/q", Reply.live(audio).icy(1000, "Rock 'n' Roll'; live"));
        try (SourceStream s = open("/q")) {
            readExactly(s.body(), 1001);
            assertEquals("Rock 'n' Roll'; live", s.title());
        }
    }

    @Test
    void noTitleUntilOneIsReceived() throws IOException {
        server.serve("/plain", Reply.live(audio));
        try (SourceStream s = open("/plain")) {
            readExactly(s.body(), 10_000);
            assertNull(s.title());
        }
    }

    @Test
    void aStallIsDetectedWithinTheStallTimeout() throws IOException {
        server.serve("/stall", Reply.live(audio).icy(500).stallAfter(20_000));
        SourceSettings settings = SourceSettings.defaults().withStallTimeout(Duration.ofSeconds(1));
        try (SourceStream s = HttpSource.open(server.uri("/stall"), settings)) {
            long start = System.nanoTime();
            Drop drop = readToDrop(s.body());
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals("no data from 127.0.0.1:" + server.port() + " for 1 s", drop.error().getMessage());
            assertTrue(millis >= 900 && millis < 2500, "detected after " + millis + " ms");
        }
    }

    @Test
    void redirectsAreFollowedAndLocationIsTheFinalUrl() throws IOException {
        server.serve("/old", Reply.redirect(301, "/mid"));
        server.serve("/mid", Reply.redirect(307, server.uri("/new").toString()));
        server.serve("/new", Reply.sized(audio));
        try (SourceStream s = open("/old")) {
            assertEquals(server.uri("/new").toString(), s.location());
            assertArrayEquals(audio, readToEnd(s.body()));
        }
    }

    @Test
    void aRedirectLoopFailsAfterTheBound() {
        server.serve("/a", Reply.redirect(302, "/b"));
        server.serve("/b", Reply.redirect(302, "/a"));
        IOException e = assertThrows(IOException.class,
                () -> HttpSource.open(server.uri("/a"), SETTINGS.withMaxRedirects(3)));
        assertTrue(e.getMessage().contains("more than 3 redirects"), e.getMessage());
        assertTrue(e.getMessage().contains("(redirected from " + server.uri("/a") + ")"), e.getMessage());
        assertEquals(4, server.connections("/a") + server.connections("/b"));
    }

    @Test
    void aMissingStreamSaysWhatTheServerAnswered() {
        IOException e = assertThrows(IOException.class, () -> open("/missing"));
        assertEquals("stream " + server.uri("/missing") + ": server answered 404 Not Found", e.getMessage());
    }

    @Test
    void aStreamWhoseSourceIsGoneSays503() {
        server.serve("/live", Reply.live(audio));
        server.down("/live", Down.REFUSE_503);
        IOException e = assertThrows(IOException.class, () -> open("/live"));
        assertEquals("stream " + server.uri("/live") + ": server answered 503 Service Unavailable", e.getMessage());
    }

    @Test
    void aServerThatClosesAtOnceSaysSo() {
        server.serve("/live", Reply.live(audio));
        server.down("/live", Down.CLOSE);
        IOException e = assertThrows(IOException.class, () -> open("/live"));
        assertTrue(e.getMessage().endsWith("closed the connection without answering"), e.getMessage());
    }

    @Test
    void aResetIsADropInPlainWords() {
        server.serve("/live", Reply.live(audio));
        server.down("/live", Down.RESET);
        IOException e = assertThrows(IOException.class, () -> open("/live"));
        assertTrue(e.getMessage().startsWith("stream " + server.uri("/live") + ": 127.0.0.1:" + server.port()
                + " "), e.getMessage());
        assertTrue(e.getMessage().contains("reset the connection") || e.getMessage().contains("without answering"),
                e.getMessage());
    }

    @Test
    void takingAPathDownDropsItsListenersAndUpServesAgain() throws Exception {
        server.serve("/live", Reply.live(audio).paced(16_000));
        try (SourceStream s = open("/live")) {
            readExactly(s.body(), 100);
            server.down("/live", Down.CLOSE);
            readToDrop(s.body());
        }
        server.up("/live");
        try (SourceStream s = open("/live")) {
            readExactly(s.body(), 100);
        }
        server.awaitConnections("/live", 2, WAIT);
    }

    @Test
    void shoutcastsIcyStatusLineIsAccepted() throws IOException {
        server.serve("/;", Reply.live(audio).icyStatusLine().icy(4096, "SHOUTcast v1"));
        try (SourceStream s = open("/;")) {
            assertTrue(s.live());
            assertArrayEquals(java.util.Arrays.copyOf(audio, 50_000), readExactly(s.body(), 50_000));
            assertEquals("SHOUTcast v1", s.title());
        }
    }

    @Test
    void anOversizeHeaderIsRefusedClearly() {
        server.serve("/big", Reply.sized(audio).header("X-Padding", "x".repeat(20_000)));
        IOException e = assertThrows(IOException.class, () -> open("/big"));
        assertTrue(e.getMessage().contains("response header from 127.0.0.1:" + server.port()
                + " is longer than 16 KiB"), e.getMessage());
    }

    @Test
    void somethingThatIsNotHttpIsRefusedClearly() {
        server.serve("/ssh", Reply.raw("SSH-2.0-OpenSSH_9.2\r\n".getBytes(StandardCharsets.US_ASCII)));
        IOException e = assertThrows(IOException.class, () -> open("/ssh"));
        assertTrue(e.getMessage().contains("did not answer in HTTP (its first line is \"SSH-2.0-OpenSSH_9.2\")"),
                e.getMessage());
    }

    @Test
    void aClosedPortIsRefusedInPlainWords() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        URI uri = URI.create("http://127.0.0.1:" + port + "/live");
        IOException e = assertThrows(IOException.class, () -> HttpSource.open(uri, SETTINGS));
        assertEquals("stream " + uri + ": 127.0.0.1:" + port + " refused the connection (server down, or wrong port)",
                e.getMessage());
    }

    @Test
    void aServerThatAcceptsButNeverAnswersIsAStall() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            URI uri = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/live");
            long start = System.nanoTime();
            IOException e = assertThrows(IOException.class,
                    () -> HttpSource.open(uri, SETTINGS.withStallTimeout(Duration.ofMillis(500))));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals("stream " + uri + ": no data from 127.0.0.1:" + silent.getLocalPort() + " for 500 ms",
                    e.getMessage());
            assertTrue(millis >= 450 && millis < 2000, "after " + millis + " ms");
        }
    }

    @Test
    void aConnectThatGetsNoAnswerTimesOut() throws IOException {
        // a listener whose accept queue is full drops new SYNs: the connect hangs as over a dead 4G link
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> queued = new ArrayList<>();
            try {
                boolean filled = false;
                for (int i = 0; i < 16 && !filled; i++) {
                    Socket s = new Socket();
                    queued.add(s);
                    try {
                        s.connect(new InetSocketAddress("127.0.0.1", full.getLocalPort()), 300);
                    } catch (SocketTimeoutException e) {
                        filled = true;
                    }
                }
                RealPart.require(filled, "this kernel accepts connections past a full backlog, so no silent port "
                        + "can be made", "Linux drops SYNs to a full accept queue unless "
                        + "net.ipv4.tcp_abort_on_overflow = 1: set it to 0, its default");
                URI uri = URI.create("http://127.0.0.1:" + full.getLocalPort() + "/live");
                IOException e = assertThrows(IOException.class,
                        () -> HttpSource.open(uri, SETTINGS.withConnectTimeout(Duration.ofMillis(400))));
                assertEquals("stream " + uri + ": no answer from 127.0.0.1:" + full.getLocalPort()
                        + " within 400 ms (connect timeout)", e.getMessage());
            } finally {
                for (Socket s : queued) {
                    s.close();
                }
            }
        }
    }

    @Test
    void theRequestAsksForMetadataAndNamesTheStation() throws IOException {
        server.serve("/file", Reply.sized(audio));
        try (SourceStream s = HttpSource.open(server.uri("/file?x=1"), SETTINGS.withUserAgent("Test/1"))) {
            StreamServer.Request r = server.lastRequest("/file");
            assertEquals("GET", r.method());
            assertEquals("/file?x=1", r.target());
            assertEquals("1", r.header("icy-metadata"));
            assertEquals("Test/1", r.header("user-agent"));
            assertEquals("127.0.0.1:" + server.port(), r.header("host"));
        }
    }

    @Test
    void aVietnameseFileNameGoesOutPercentEncoded() throws Exception {
        server.serve("/tin-t%E1%BB%A9c.mp3", Reply.sized(audio));
        URI uri = new URI("http", null, "127.0.0.1", server.port(), "/tin-tức.mp3", null, null);
        try (SourceStream s = HttpSource.open(uri, SETTINGS)) {
            assertArrayEquals(audio, readToEnd(s.body()));
        }
    }

    @Test
    void closingFromAnotherThreadEndsABlockedReadAsAStationClose() throws Exception {
        server.serve("/slow", Reply.live(audio).stallAfter(10));
        SourceStream s = open("/slow");
        readExactly(s.body(), 10);
        CompletableFuture<IOException> reader = CompletableFuture.supplyAsync(() -> readToDrop(s.body()).error());
        server.awaitConnections("/slow", 1, WAIT);
        s.close();
        IOException e = reader.get();
        assertTrue(e.getMessage().contains("closed by the station"), e.getMessage());
    }
}
