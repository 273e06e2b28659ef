package vn.communeradio.hal.audio;

import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base of the test classes that run against one private jackd for the class ({@link JackServer}): the server, and
 * what each test opened on it, closed after the test in reverse order (clients before the server they run on).
 */
abstract class OnJackServer {

    static JackServer server;
    final Deque<AutoCloseable> toClose = new ArrayDeque<>();

    @BeforeAll
    static void startServer() throws Exception {
        server = JackServer.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        while (!toClose.isEmpty()) {
            toClose.pop().close();
        }
    }
}
