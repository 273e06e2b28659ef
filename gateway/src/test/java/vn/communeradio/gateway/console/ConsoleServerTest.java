package vn.communeradio.gateway.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service's console socket through a real Unix domain socket: access, protocol, PIN, limits. */
class ConsoleServerTest {

    @TempDir
    Path dir;

    private ConsoleServer server;
    private final List<SocketChannel> clients = new ArrayList<>();
    private String pinHash = "";

    @AfterEach
    void close() throws IOException {
        for (SocketChannel c : clients) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start() throws IOException {
        ConsoleCommand echo = new ConsoleCommand("echo", "echo WORDS", "says its words back, one a line", "",
                (args, out) -> {
                    args.forEach(out::line);
                    return ConsoleProtocol.OK;
                });
        server = ConsoleServer.start(dir, new ConsoleCommands(List.of(echo)), () -> pinHash, "station t-1 version 9");
    }

    /** Sends one line, returns the reply lines including the end line. */
    private List<String> request(SocketChannel channel, String line) throws IOException {
        Channels.newOutputStream(channel).write((line + "\n").getBytes(StandardCharsets.UTF_8));
        List<String> reply = new ArrayList<>();
        String text;
        while ((text = readLine(channel)) != null) {
            reply.add(text);
            if (text.startsWith(ConsoleProtocol.END)) {
                break;
            }
        }
        return reply;
    }

    /** Byte by byte, so that nothing of the next reply is read ahead and lost. */
    private static String readLine(SocketChannel channel) throws IOException {
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        var in = Channels.newInputStream(channel);
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            line.write(b);
        }
        return b == -1 && line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }

    private SocketChannel connect() throws IOException {
        SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(ConsoleProtocol.socket(dir)));
        clients.add(c);
        return c;
    }

    @Test
    void aStaleSocketIsReplacedAndTheNewOneIsForTheGroupOnly() throws Exception {
        Path socket = ConsoleProtocol.socket(dir);
        Files.createDirectories(socket.getParent());
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket)); // closed without removing its file, as after kill -9
        }
        assertTrue(Files.exists(socket));
        start();
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
        assertEquals(List.of(". station t-1 version 9", "= 0"), request(connect(), "hello"));
        server.close();
        assertTrue(!Files.exists(socket), "a clean stop removes the socket");
    }

    @Test
    void eachRequestGetsItsLinesThenItsStatusOnOneConnection() throws Exception {
        start();
        SocketChannel c = connect();
        assertEquals(List.of(". a", ". b", "= 0"), request(c, "echo a b"));
        assertEquals(List.of(". unknown command 'nope'; type 'help' for the list", "= 2"), request(c, "nope"));
        List<String> help = request(c, "help echo");
        assertEquals(". usage: echo WORDS", help.get(0));
        assertEquals("= 0", help.get(help.size() - 1));
        assertEquals(List.of("= 0"), request(c, "   "));
    }

    @Test
    void withAPinNothingRunsBeforeTheRightOne() throws Exception {
        pinHash = ConsolePin.hash("2468");
        start();
        SocketChannel c = connect();
        assertEquals(List.of(". station t-1 version 9", ". PIN required", "= 4"), request(c, "hello"));
        assertEquals(List.of(". the console PIN is required first", "= 4"), request(c, "echo secret"));
        assertEquals(List.of(". wrong PIN", "= 4"), request(c, "pin 1111"));
        assertEquals(List.of("= 0"), request(c, "pin 2468"));
        assertEquals(List.of(". ok", "= 0"), request(c, "echo ok"));
    }

    @Test
    void beyondTheSessionLimitAConsoleIsRefusedInOneLine() throws Exception {
        start();
        for (int i = 0; i < ConsoleServer.MAX_SESSIONS; i++) {
            assertEquals("= 0", request(connect(), "hello").get(1));
        }
        SocketChannel extra = connect();
        assertEquals(". too many console sessions (8); close one first", readLine(extra));
        assertEquals("= 1", readLine(extra));
        assertNull(readLine(extra), "then closed");
        clients.remove(0).close();
        // the freed slot is usable once the server has seen the close (no event tells the client when: retry)
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<String> reply = List.of();
        while (!reply.contains("= 0") && System.nanoTime() < deadline) {
            try {
                reply = request(connect(), "hello");
            } catch (IOException refusedBeforeTheRequest) {
                reply = List.of();
            }
        }
        assertEquals(List.of(". station t-1 version 9", "= 0"), reply);
    }

    @Test
    void anOverlongRequestEndsTheSession() throws Exception {
        start();
        SocketChannel c = connect();
        Channels.newOutputStream(c).write(("echo " + "x".repeat(ConsoleProtocol.MAX_REQUEST) + "\n")
                .getBytes(StandardCharsets.UTF_8));
        assertNull(readLine(c));
    }
}
