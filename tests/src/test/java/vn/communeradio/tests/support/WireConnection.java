package vn.communeradio.tests.support;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * One non-blocking MQTT connection of a {@link WireLoop}: the socket, TLS in between when it has an engine, the bytes
 * of a record or packet that has not all arrived, and what is waiting to be written. Touched by the loop's thread
 * only. Between reads it keeps only the partial bytes, so that 10^4 of them fit in a small heap; the loop's large
 * buffers are lent to whichever connection is being read.
 */
final class WireConnection {

    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    final int index;
    final SocketChannel channel;
    private final SSLEngine tls;
    private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
    private SelectionKey key;
    private byte[] netLeft;
    private byte[] appLeft;
    private boolean open;
    private int packetId;
    /** System.nanoTime of the last packet sent: a keepalive PINGREQ is due when it is old. */
    long lastSent;
    /** The packet id of a received PUBLISH not acknowledged yet, or 0 (for its client's use). */
    int pendingPuback;

    WireConnection(int index, SocketChannel channel, SSLEngine tls) {
        this.index = index;
        this.channel = channel;
        this.tls = tls;
    }

    void key(SelectionKey key) {
        this.key = key;
    }

    SelectionKey key() {
        return key;
    }

    /** The TLS handshake is done (at once for plain TCP): MQTT may flow. */
    boolean isOpen() {
        return open;
    }

    int nextPacketId() {
        packetId = packetId % 65_535 + 1;
        return packetId;
    }

    /** The TCP connection is up: starts TLS; true when MQTT may flow at once (plain TCP). */
    boolean connected(WireLoop.Buffers buffers) throws IOException {
        channel.finishConnect();
        key.interestOps(SelectionKey.OP_READ);
        if (tls == null) {
            open = true;
            return true;
        }
        tls.beginHandshake();
        return handshake(buffers, buffers.net.clear().flip(), buffers.app.clear());
    }

    /**
     * Reads what has arrived and hands each whole MQTT packet to {@code packets}; returns true when this read
     * finished the TLS handshake (MQTT may flow now).
     */
    boolean read(WireLoop.Buffers buffers, WireLoop.Packets packets) throws IOException {
        ByteBuffer net = buffers.net.clear();
        if (netLeft != null) {
            net.put(netLeft);
            netLeft = null;
        }
        ByteBuffer app = buffers.app.clear();
        if (appLeft != null) {
            app.put(appLeft);
            appLeft = null;
        }
        int n = channel.read(tls == null ? app : net);
        if (n < 0) {
            throw new IOException("the broker closed the connection");
        }
        boolean nowOpen = false;
        if (tls != null) {
            net.flip();
            if (!open) {
                nowOpen = handshake(buffers, net, app);
            }
            while (open && net.hasRemaining()) {
                if (app.remaining() < tls.getSession().getApplicationBufferSize()) {
                    deliver(app, packets);
                }
                SSLEngineResult r = tls.unwrap(net, app);
                if (r.getStatus() != SSLEngineResult.Status.OK) {
                    check(r);
                    break;
                }
            }
            netLeft = leftOf(net);
        }
        deliver(app, packets);
        appLeft = leftOf(app.flip());
        return nowOpen;
    }

    /** Hands the whole packets in {@code app} (being filled) on, keeping the rest at its start, still filling. */
    private void deliver(ByteBuffer app, WireLoop.Packets packets) throws IOException {
        app.flip();
        ByteBuffer packet;
        while ((packet = MqttWire.next(app)) != null) {
            packets.packet(this, packet.get() & 0xff, packet);
        }
        app.compact();
    }

    /** Drives the handshake as far as the bytes in {@code net} allow; true once it is done. */
    private boolean handshake(WireLoop.Buffers buffers, ByteBuffer net, ByteBuffer app) throws IOException {
        while (true) {
            switch (tls.getHandshakeStatus()) {
                case NEED_TASK -> {
                    Runnable task;
                    while ((task = tls.getDelegatedTask()) != null) {
                        task.run();
                    }
                }
                case NEED_WRAP -> wrap(buffers, NOTHING);
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    SSLEngineResult r = tls.unwrap(net, app);
                    if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                        return false;
                    }
                    check(r);
                }
                default -> {
                    open = true;
                    return true;
                }
            }
        }
    }

    private static void check(SSLEngineResult r) throws SSLException {
        if (r.getStatus() == SSLEngineResult.Status.CLOSED || r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
            throw new SSLException("TLS " + r.getStatus() + " with the broker");
        }
    }

    /** Sends one MQTT packet (through TLS when there is TLS). */
    void send(WireLoop.Buffers buffers, byte[] packet) throws IOException {
        lastSent = System.nanoTime();
        if (tls == null) {
            queue(ByteBuffer.wrap(packet));
        } else {
            wrap(buffers, ByteBuffer.wrap(packet));
        }
    }

    private void wrap(WireLoop.Buffers buffers, ByteBuffer plain) throws IOException {
        do {
            ByteBuffer sealed = buffers.sealed.clear();
            SSLEngineResult r = tls.wrap(plain, sealed);
            check(r);
            sealed.flip();
            if (sealed.hasRemaining()) {
                queue(ByteBuffer.wrap(leftOf(sealed)));
            }
        } while (plain.hasRemaining());
    }

    private void queue(ByteBuffer bytes) throws IOException {
        if (out.isEmpty()) {
            channel.write(bytes);
            if (!bytes.hasRemaining()) {
                return;
            }
            key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
        out.add(bytes);
    }

    /** Writes what the socket would not take before. */
    void flush() throws IOException {
        while (!out.isEmpty()) {
            ByteBuffer head = out.peek();
            channel.write(head);
            if (head.hasRemaining()) {
                return;
            }
            out.poll();
        }
        key.interestOps(SelectionKey.OP_READ);
    }

    private static byte[] leftOf(ByteBuffer buffer) {
        if (!buffer.hasRemaining()) {
            return null;
        }
        byte[] rest = new byte[buffer.remaining()];
        buffer.get(rest);
        return rest;
    }
}
