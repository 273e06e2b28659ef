package vn.communeradio.tests.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import vn.communeradio.gateway.source.HttpSource;
import vn.communeradio.gateway.source.SourceSettings;
import vn.communeradio.gateway.source.SourceStream;
import vn.communeradio.tests.support.RunsAlone;
import vn.communeradio.tests.support.StreamServer;
import vn.communeradio.tests.support.StreamServer.Reply;

/** The fixture itself: other tests trust its pacing, loops and faults, so they are checked here. */
@RunsAlone
class StreamServerTest {

    static final SourceSettings SETTINGS = SourceSettings.defaults();

    static byte[] audio(int n) {
        byte[] a = new byte[n];
        new Random(9).nextBytes(a);
        return a;
    }

    /** Bytes per second measured over {@code seconds}, after the first byte. */
    private static double measuredRate(InputStream in, double seconds, int rate) throws IOException {
        in.readNBytes(1);
        long start = System.nanoTime();
        long expected = (long) (rate * seconds);
        in.readNBytes((int) expected);
        return expected / ((System.nanoTime() - start) / 1e9);
    }

    @Test
    void aPacedStreamKeepsItsByteRateAndSpeedFactor() throws IOException {
        int rate = 16_000; // a 128 kb/s MP3
        try (StreamServer server = StreamServer.start()) {
            server.serve("/on-time", Reply.live(audio(50_000)).paced(rate));
            server.serve("/fast", Reply.live(audio(50_000)).paced(rate).speed(1.10));
            try (SourceStream onTime = HttpSource.open(server.uri("/on-time"), SETTINGS)) {
                double r = measuredRate(onTime.body(), 2, rate);
                assertEquals(rate, r, rate * 0.03, "bytes/s");
            }
            try (SourceStream fast = HttpSource.open(server.uri("/fast"), SETTINGS)) {
                double f = measuredRate(fast.body(), 2, (int) (rate * 1.10));
                assertEquals(rate * 1.10, f, rate * 0.03, "bytes/s");
            }
        }
    }

    @Test
    void aBurstComesAtOnceThenThePaceHolds() throws IOException {
        try (StreamServer server = StreamServer.start()) {
            server.serve("/burst", Reply.live(audio(50_000)).paced(1000).burst(30_000));
            try (SourceStream s = HttpSource.open(server.uri("/burst"), SETTINGS)) {
                long start = System.nanoTime();
                s.body().readNBytes(30_000);
                assertTrue(System.nanoTime() - start < 1_000_000_000L, "the burst took over a second");
            }
        }
    }

    @Test
    void aLiveStreamLoopsFromItsOffsetAndGarbageReplacesTheGivenBytes() throws IOException {
        byte[] a = audio(1000);
        Reply reply = Reply.live(a).loopFrom(100).garbageAt(1500, 50);
        byte[] expected = reply.audio(2500);
        assertArrayEquals(Arrays.copyOf(a, 1000), Arrays.copyOf(expected, 1000));
        assertArrayEquals(Arrays.copyOfRange(a, 100, 500), Arrays.copyOfRange(expected, 1000, 1400));
        assertFalse(Arrays.equals(Arrays.copyOfRange(a, 600, 650), Arrays.copyOfRange(expected, 1500, 1550)));
        assertArrayEquals(Arrays.copyOfRange(a, 650, 1000), Arrays.copyOfRange(expected, 1550, 1900));
        try (StreamServer server = StreamServer.start()) {
            server.serve("/loop", reply);
            try (SourceStream s = HttpSource.open(server.uri("/loop"), SETTINGS)) {
                assertArrayEquals(expected, s.body().readNBytes(2500));
            }
        }
    }

    @Test
    void metadataGoesOnlyToClientsThatAskForIt() throws IOException {
        byte[] a = audio(1000);
        try (StreamServer server = StreamServer.start();
             Socket socket = new Socket("127.0.0.1", server.port())) {
            server.serve("/icy", Reply.sized(a).icy(100, "t"));
            socket.getOutputStream().write("GET /icy HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertFalse(response.toLowerCase().contains("icy-metaint"), response);
            assertTrue(response.contains("Content-Length: 1000\r\n"), response);
        }
    }

    @Test
    void awaitConnectionsFailsWhenTheyDoNotCome() throws Exception {
        try (StreamServer server = StreamServer.start()) {
            server.serve("/a", Reply.sized(new byte[1]));
            try (SourceStream s = HttpSource.open(server.uri("/a"), SETTINGS)) {
                server.awaitConnections("/a", 1, Duration.ofSeconds(5));
            }
            AssertionError e = assertThrows(AssertionError.class,
                    () -> server.awaitConnections("/a", 2, Duration.ofMillis(200)));
            assertTrue(e.getMessage().contains("expected 2 requests for /a"), e.getMessage());
        }
    }
}
