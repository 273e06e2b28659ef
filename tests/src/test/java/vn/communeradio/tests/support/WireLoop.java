package vn.communeradio.tests.support;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * One thread with one selector serving many {@link WireConnection}s for a {@link Client}: the cheap way to be 10^4
 * MQTT clients at once (a library client needs threads of its own per connection). The client is called on this
 * thread only; other threads hand it work through {@link #execute}.
 */
final class WireLoop implements AutoCloseable {

    /** What the loop's connections are for. */
    interface Client {
        /** {@code c} may speak MQTT now (TCP up, TLS handshake done): send CONNECT. */
        void opened(WireConnection c) throws IOException;

        /** A whole packet arrived on {@code c}: {@code header} is its fixed header byte, {@code body} the rest. */
        void packet(WireConnection c, int header, ByteBuffer body) throws IOException;

        /** After each select: what was put off while reading the connections that were ready. */
        void afterReads() throws IOException;

        /** {@code c} failed or the broker closed it; it is closed and out of the loop. */
        void failed(WireConnection c, IOException e);
    }

    /** Where packets go as a connection reads them. */
    interface Packets {
        void packet(WireConnection c, int header, ByteBuffer body) throws IOException;
    }

    /** Buffers lent to the connection being read or written; allocated once per loop. */
    static final class Buffers {
        final ByteBuffer net = ByteBuffer.allocate(1 << 16);
        final ByteBuffer app = ByteBuffer.allocate(1 << 18);
        final ByteBuffer sealed = ByteBuffer.allocate(1 << 15);
    }

    private final Selector selector;
    private final SSLContext tls;
    private final InetSocketAddress broker;
    private final Buffers buffers = new Buffers();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final List<WireConnection> connections = new ArrayList<>();
    private final Thread thread;
    private Client client;
    private volatile boolean running = true;
    private volatile Exception failure;

    /** A loop for connections to {@code broker}, through TLS made by {@code tls} unless it is null. */
    WireLoop(String name, InetSocketAddress broker, SSLContext tls) throws IOException {
        this.selector = Selector.open();
        this.broker = broker;
        this.tls = tls;
        this.thread = new Thread(this::serve, name);
        this.thread.setDaemon(true);
    }

    void start(Client client) {
        this.client = client;
        thread.start();
    }

    /** Runs {@code task} on the loop's thread, soon. */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Opens a connection (on the loop's thread); {@code identity} names the TLS client certificate, if any. */
    WireConnection open(int index, java.util.function.Consumer<SSLEngine> identity) throws IOException {
        SocketChannel channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true); // as the station's sockets
        SSLEngine engine = null;
        if (tls != null) {
            // the JDK resumes a client session cached by peer host and port, and a resumed session presents the
            // certificate of the connection that made it: each stand-in gets a port of its own in that key (the
            // engine does not connect; the channel does), so none resumes another's
            engine = tls.createSSLEngine(broker.getHostString(), index + 1);
            engine.setUseClientMode(true);
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the station checks the broker's name
            engine.setSSLParameters(parameters);
            identity.accept(engine);
        }
        WireConnection c = new WireConnection(index, channel, engine);
        c.key(channel.register(selector, SelectionKey.OP_CONNECT, c));
        channel.connect(broker);
        connections.add(c);
        return c;
    }

    /** Sends an MQTT packet on {@code c} (loop thread only); a connection that fails doing so is failed. */
    void send(WireConnection c, byte[] packet) {
        if (!c.channel.isOpen()) {
            return;
        }
        try {
            c.send(buffers, packet);
        } catch (IOException e) {
            fail(c, e);
        }
    }

    private void fail(WireConnection c, IOException e) {
        c.key().cancel();
        try {
            c.channel.close();
        } catch (IOException closing) {
            // closed anyway
        }
        connections.remove(c);
        client.failed(c, e);
    }

    List<WireConnection> connections() {
        return connections;
    }

    /** CPU time the loop's thread has used, in ns (ThreadMXBean). */
    long cpuNanos() {
        return ManagementFactory.getThreadMXBean().getThreadCpuTime(thread.getId());
    }

    /** Why the loop stopped, or null while it runs. */
    Exception failure() {
        return failure;
    }

    private void serve() {
        try {
            while (running) {
                selector.select(100);
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    step(key);
                }
                selector.selectedKeys().clear();
                client.afterReads();
            }
        } catch (Exception e) {
            failure = e;
        }
    }

    private void step(SelectionKey key) throws IOException {
        WireConnection c = (WireConnection) key.attachment();
        if (!key.isValid()) {
            return;
        }
        try {
            if (key.isConnectable()) {
                if (c.connected(buffers)) {
                    client.opened(c);
                }
                return;
            }
            if (key.isReadable() && c.read(buffers, client::packet)) {
                client.opened(c);
            }
            if (key.isValid() && key.isWritable()) {
                c.flush();
            }
        } catch (IOException e) {
            fail(c, e);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        running = false;
        selector.wakeup();
        if (thread.isAlive()) {
            thread.join(5_000);
        }
        for (SelectionKey key : new ArrayList<>(selector.keys())) {
            key.channel().close();
        }
        selector.close();
    }
}
