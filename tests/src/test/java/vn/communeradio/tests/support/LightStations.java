package vn.communeradio.tests.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Thousands of stand-ins for stations, to load a broker the way a province does without the stations' own CPU:
 * each is one MQTT 3.1.1 connection (clean session, no keepalive) subscribed at QoS 1 to one group's command
 * topic, that answers every command with an {@code accepted} and a {@code started} ack on its own ack topic
 * (QoS 1, the command's payload as the ack's id), without checking anything. All of them run on one thread
 * with one selector: Paho needs four threads per connection, which is why it cannot stand in for 10^4 of them.
 * The real station code at scale is {@link Fleet}; this measures the broker alone.
 */
public final class LightStations implements AutoCloseable {

    /** TCP handshakes and MQTT CONNECT/SUBSCRIBE exchanges in progress at once while connecting. */
    private static final int CONNECTING_AT_ONCE = 200;

    private final Selector selector;
    private final List<String> ids;
    private final String commandTopic;
    private final String prefix;
    /** System.nanoTime when each station got the latest command; 0 before. */
    private final long[] commandNanos;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile IOException failure;

    /** One connection's state, touched only by the selector thread. */
    private static final class Connection {
        final int index;
        final SocketChannel channel;
        final ByteBuffer in = ByteBuffer.allocate(4096);
        final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
        int packetId;

        Connection(int index, SocketChannel channel) {
            this.index = index;
            this.channel = channel;
        }

        int nextPacketId() {
            packetId = packetId % 65_535 + 1;
            return packetId;
        }
    }

    private LightStations(Selector selector, List<String> ids, String prefix, String group) {
        this.selector = selector;
        this.ids = ids;
        this.prefix = prefix;
        this.commandTopic = prefix + "/group/" + group + "/cmd";
        this.commandNanos = new long[ids.size()];
        this.thread = new Thread(this::serve, "light-stations");
        this.thread.setDaemon(true);
    }

    /** Connects {@code ids.size()} stand-ins to the broker on loopback {@code port}; returns once all are subscribed. */
    public static LightStations connect(int port, List<String> ids, String prefix, String group, Duration timeout)
            throws IOException, InterruptedException {
        LightStations stations = new LightStations(Selector.open(), List.copyOf(ids), prefix, group);
        int subscribed = stations.handshake(port, timeout);
        if (subscribed < ids.size()) {
            stations.close();
            throw new IOException("only " + subscribed + " of " + ids.size() + " stand-ins subscribed within " + timeout);
        }
        stations.thread.start();
        return stations;
    }

    /** When each stand-in received the latest command (System.nanoTime, 0 if never), in the order of the ids. */
    public long[] commandNanos() {
        synchronized (commandNanos) {
            return commandNanos.clone();
        }
    }

    public List<String> ids() {
        return ids;
    }

    /** Opens the connections at most {@link #CONNECTING_AT_ONCE} at a time; returns how many got their SUBACK. */
    private int handshake(int port, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int opened = 0;
        int subscribed = 0;
        while (subscribed < ids.size() && System.nanoTime() < deadline) {
            while (opened < ids.size() && opened - subscribed < CONNECTING_AT_ONCE) {
                SocketChannel channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.connect(new InetSocketAddress("127.0.0.1", port));
                channel.register(selector, SelectionKey.OP_CONNECT, new Connection(opened, channel));
                opened++;
            }
            selector.select(100);
            for (SelectionKey key : selector.selectedKeys()) {
                if (step(key)) {
                    subscribed++;
                }
            }
            selector.selectedKeys().clear();
        }
        return subscribed;
    }

    private void serve() {
        try {
            while (running) {
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    step(key);
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            failure = e;
        }
    }

    /** Handles what the key is ready for; true when this made the connection's subscription acknowledged. */
    private boolean step(SelectionKey key) throws IOException {
        Connection c = (Connection) key.attachment();
        if (!key.isValid()) {
            return false;
        }
        if (key.isConnectable()) {
            c.channel.finishConnect();
            key.interestOps(SelectionKey.OP_READ);
            send(c, key, connectPacket(ids.get(c.index)));
            return false;
        }
        boolean nowSubscribed = false;
        if (key.isReadable()) {
            if (c.channel.read(c.in) < 0) {
                throw new IOException("broker closed the connection of " + ids.get(c.index));
            }
            c.in.flip();
            while (true) {
                ByteBuffer packet = nextPacket(c.in);
                if (packet == null) {
                    break;
                }
                nowSubscribed |= handle(c, key, packet);
            }
            c.in.compact();
        }
        if (key.isValid() && key.isWritable()) {
            flush(c, key);
        }
        return nowSubscribed;
    }

    private boolean handle(Connection c, SelectionKey key, ByteBuffer packet) throws IOException {
        int header = packet.get() & 0xff;
        int type = header >> 4;
        if (type == 2) { // CONNACK
            send(c, key, subscribePacket(c.nextPacketId(), commandTopic));
        } else if (type == 9) { // SUBACK
            return true;
        } else if (type == 3) { // PUBLISH
            long now = System.nanoTime();
            int qos = (header >> 1) & 3;
            byte[] topic = new byte[packet.getShort() & 0xffff];
            packet.get(topic);
            int id = qos > 0 ? packet.getShort() & 0xffff : 0;
            byte[] payload = new byte[packet.remaining()];
            packet.get(payload);
            synchronized (commandNanos) {
                commandNanos[c.index] = now;
            }
            if (qos > 0) {
                send(c, key, new byte[] {0x40, 2, (byte) (id >> 8), (byte) id});
            }
            String jti = new String(payload, StandardCharsets.UTF_8);
            String ackTopic = prefix + "/station/" + ids.get(c.index) + "/ack";
            for (String status : new String[] {"accepted", "started"}) {
                String ack = "{\"id\":\"" + jti + "\",\"station\":\"" + ids.get(c.index) + "\",\"status\":\""
                        + status + "\",\"ts\":" + System.currentTimeMillis() + "}";
                send(c, key, publishPacket(c.nextPacketId(), ackTopic, ack));
            }
        }
        // PUBACKs of our acks (type 4) need nothing
        return false;
    }

    /** The next whole packet in {@code in} (positioned at its start), or null when it is not all there yet. */
    private static ByteBuffer nextPacket(ByteBuffer in) {
        int start = in.position();
        if (in.remaining() < 2) {
            return null;
        }
        int length = 0;
        int shift = 0;
        int at = start + 1;
        while (true) {
            if (at >= in.limit()) {
                return null;
            }
            int b = in.get(at++) & 0xff;
            length |= (b & 0x7f) << shift;
            shift += 7;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        if (in.limit() - at < length) {
            return null;
        }
        ByteBuffer packet = ByteBuffer.allocate(1 + length);
        packet.put(in.get(start));
        packet.put(in.slice(at, length));
        packet.flip();
        in.position(at + length);
        return packet;
    }

    private void send(Connection c, SelectionKey key, byte[] packet) throws IOException {
        c.out.add(ByteBuffer.wrap(packet));
        flush(c, key);
    }

    private static void flush(Connection c, SelectionKey key) throws IOException {
        while (!c.out.isEmpty()) {
            ByteBuffer head = c.out.peek();
            c.channel.write(head);
            if (head.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                return;
            }
            c.out.poll();
        }
        key.interestOps(SelectionKey.OP_READ);
    }

    private static byte[] connectPacket(String clientId) {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        // protocol name MQTT, level 4 (3.1.1), clean session, keepalive 0 (none: nothing here to ping)
        byte[] variable = {0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 0};
        return packet(0x10, concat(variable, string(id)));
    }

    private static byte[] subscribePacket(int packetId, String topic) {
        return packet(0x82, concat(new byte[] {(byte) (packetId >> 8), (byte) packetId},
                string(topic.getBytes(StandardCharsets.UTF_8)), new byte[] {1}));
    }

    private static byte[] publishPacket(int packetId, String topic, String payload) {
        return packet(0x32, concat(string(topic.getBytes(StandardCharsets.UTF_8)),
                new byte[] {(byte) (packetId >> 8), (byte) packetId}, payload.getBytes(StandardCharsets.UTF_8)));
    }

    /** A fixed header (type and flags, remaining length) and the body. */
    private static byte[] packet(int typeAndFlags, byte[] body) {
        byte[] length = new byte[4];
        int n = 0;
        int left = body.length;
        do {
            int b = left % 128;
            left /= 128;
            length[n++] = (byte) (left > 0 ? b | 0x80 : b);
        } while (left > 0);
        return concat(new byte[] {(byte) typeAndFlags}, Arrays.copyOf(length, n), body);
    }

    private static byte[] string(byte[] utf8) {
        return concat(new byte[] {(byte) (utf8.length >> 8), (byte) utf8.length}, utf8);
    }

    private static byte[] concat(byte[]... parts) {
        int size = 0;
        for (byte[] p : parts) {
            size += p.length;
        }
        byte[] all = new byte[size];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    /** Why the selector thread stopped, or null while it runs. */
    public IOException failure() {
        return failure;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        running = false;
        selector.wakeup();
        if (thread.isAlive()) {
            thread.join(5_000);
        }
        List<SelectionKey> keys = new ArrayList<>(selector.keys());
        for (SelectionKey key : keys) {
            key.channel().close();
        }
        selector.close();
    }
}
