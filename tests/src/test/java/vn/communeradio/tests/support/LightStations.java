package vn.communeradio.tests.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * Thousands of stand-ins for stations, to load a broker the way a province does without the stations' own CPU. Each
 * is one MQTT 5 connection that behaves as the station's link does (gateway {@code MqttLink}, {@code Mqtt5Client}):
 * a persistent session (clean start off, session expiry 7 days), keepalive 30 s (PINGREQ when idle), its retained
 * {@code online:false} state as Last Will, one SUBSCRIBE to its own command topic and its groups' at QoS 1 with
 * retain-as-published, then its retained {@code online:true} state; over TLS, its own client certificate
 * ({@link StationCertificates}), else its id as user name. It answers each command with a PUBACK, then an
 * {@code accepted} and a {@code started} ack at QoS 1 on its own ack topic, checking nothing (the ack's id is the
 * {@link #expect expected} one). All run on one thread ({@link WireLoop}); each command's arrival is stamped with
 * {@link System#nanoTime()} as its connection is read, before any stand-in answers (answers wait for the end of
 * the batch of connections the selector found ready), so that answering others does not delay the stamps.
 */
public final class LightStations implements AutoCloseable {

    static final int KEEPALIVE_S = 30;
    private static final long SESSION_EXPIRY_S = 7 * 24 * 3600;
    /** TCP and TLS handshakes and MQTT CONNECT/SUBSCRIBE exchanges in progress at once while connecting. */
    private static final int CONNECTING_AT_ONCE = 200;

    private final WireLoop loop;
    private final List<String> ids;
    private final Function<String, List<String>> groups;
    private final String prefix;
    private final StationCertificates certificates;
    /** Known by the user name rather than a certificate (plain TCP). */
    private final boolean byName;
    private final AtomicLongArray commandNanos;
    private final AtomicInteger online = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();
    private final List<WireConnection> toAnswer = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private volatile String expected = "";
    private int opened;
    private long lastKeepaliveScan;

    private LightStations(WireLoop loop, List<String> ids, Function<String, List<String>> groups, String prefix,
                          StationCertificates certificates, boolean byName) {
        this.loop = loop;
        this.byName = byName;
        this.ids = List.copyOf(ids);
        this.groups = groups;
        this.prefix = prefix;
        this.certificates = certificates;
        this.commandNanos = new AtomicLongArray(ids.size());
    }

    /**
     * Connects a stand-in for each of {@code ids}, in the groups {@code groups} gives, to {@code broker}: over TLS
     * with {@code tls} and each station's certificate from {@code certificates}, or plain TCP when {@code tls} is
     * null. Returns once every one is subscribed and has published its online state.
     */
    public static LightStations connect(InetSocketAddress broker, SSLContext tls, StationCertificates certificates,
                                        List<String> ids, Function<String, List<String>> groups, String prefix,
                                        Duration timeout) throws IOException, InterruptedException {
        LightStations stations = new LightStations(new WireLoop("light-stations", broker, tls), ids, groups, prefix,
                certificates, tls == null);
        stations.loop.start(stations.new Behaviour());
        stations.loop.execute(stations::openMore);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (stations.online.get() < ids.size() && System.nanoTime() < deadline && stations.loop.failure() == null) {
            Thread.sleep(50);
        }
        if (stations.online.get() < ids.size()) {
            String why = stations.loop.failure() != null ? stations.loop.failure().toString() : stations.failures();
            stations.close();
            throw new IOException("only " + stations.online.get() + " of " + ids.size() + " stand-ins online within "
                    + timeout + ": " + why);
        }
        return stations;
    }

    /** The id the next command's acks carry (stand-ins do not read commands). */
    public void expect(String jti) {
        expected = jti;
    }

    /** When each stand-in received the latest command (System.nanoTime, 0 if never), in the order of the ids. */
    public long[] commandNanos() {
        long[] copy = new long[ids.size()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = commandNanos.get(i);
        }
        return copy;
    }

    /** Commands received by all stand-ins so far (more than one per stand-in and command: duplicates). */
    public long received() {
        return received.get();
    }

    public List<String> ids() {
        return ids;
    }

    /** CPU time of the stand-ins' one thread, in ns. */
    public long cpuNanos() {
        return loop.cpuNanos();
    }

    /** Connections the broker closed or that failed, with why (the first few); empty when none. */
    public synchronized String failures() {
        return failures.isEmpty() ? "" : failures.size() + " connections lost, e.g. " + failures.get(0);
    }

    /** The loop's own failure, which stops every stand-in, or null. */
    public Exception failure() {
        return loop.failure();
    }

    private void openMore() {
        try {
            while (opened < ids.size() && opened - online.get() - failedCount() < CONNECTING_AT_ONCE) {
                String id = ids.get(opened);
                loop.open(opened, engine -> certificates.bind(engine, id));
                opened++;
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a connection to the broker: " + e.getMessage(), e);
        }
    }

    private synchronized int failedCount() {
        return failures.size();
    }

    private String topic(int index, String what) {
        return prefix + "/station/" + ids.get(index) + "/" + what;
    }

    private byte[] state(int index, boolean isOnline) {
        return ("{\"station\":\"" + ids.get(index) + "\",\"online\":" + isOnline + ",\"ts\":"
                + System.currentTimeMillis() + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** The stand-ins' side of MQTT, on the loop's thread. */
    private final class Behaviour implements WireLoop.Client {

        @Override
        public void opened(WireConnection c) throws IOException {
            String id = ids.get(c.index);
            loop.send(c, MqttWire.connect(new MqttWire.Connect(id, false, KEEPALIVE_S, SESSION_EXPIRY_S,
                    topic(c.index, "state"), state(c.index, false), byName ? id : null, null)));
        }

        @Override
        public void packet(WireConnection c, int header, ByteBuffer body) throws IOException {
            switch (header >> 4) {
                case MqttWire.PUBLISH -> {
                    commandNanos.set(c.index, System.nanoTime());
                    received.incrementAndGet();
                    toAnswer.add(c);
                    MqttWire.Publish p = MqttWire.publishOf(header, body);
                    if (p.packetId() > 0) {
                        // answered with the acks, after this batch of reads
                        c.pendingPuback = p.packetId();
                    }
                }
                case MqttWire.CONNACK -> {
                    body.get();
                    int reason = body.get() & 0xff;
                    if (reason != 0) {
                        throw new IOException(ids.get(c.index) + ": CONNACK reason code 0x" + Integer.toHexString(reason));
                    }
                    List<String> topics = new ArrayList<>();
                    topics.add(topic(c.index, "cmd"));
                    for (String group : groups.apply(ids.get(c.index))) {
                        topics.add(prefix + "/group/" + group + "/cmd");
                    }
                    loop.send(c, MqttWire.subscribe(c.nextPacketId(), topics, 1 | MqttWire.RETAIN_AS_PUBLISHED));
                }
                case MqttWire.SUBACK -> {
                    for (byte code : MqttWire.subackCodes(body)) {
                        if ((code & 0xff) >= 0x80) {
                            throw new IOException(ids.get(c.index) + ": subscription refused, reason code 0x"
                                    + Integer.toHexString(code & 0xff));
                        }
                    }
                    loop.send(c, MqttWire.publish(topic(c.index, "state"), c.nextPacketId(), state(c.index, true), true));
                    online.incrementAndGet();
                    openMore();
                }
                case MqttWire.DISCONNECT -> throw new IOException(ids.get(c.index) + ": the broker disconnected it"
                        + (body.hasRemaining() ? ", reason code 0x" + Integer.toHexString(body.get() & 0xff) : ""));
                default -> {
                    // PUBACKs of our publishes, PINGRESPs: nothing to do
                }
            }
        }

        @Override
        public void failed(WireConnection c, IOException e) {
            synchronized (LightStations.this) {
                failures.add(ids.get(c.index) + ": " + e);
            }
            openMore();
        }

        @Override
        public void afterReads() throws IOException {
            String jti = expected;
            for (WireConnection c : toAnswer) {
                if (c.pendingPuback > 0) {
                    loop.send(c, MqttWire.puback(c.pendingPuback));
                    c.pendingPuback = 0;
                }
                String station = ids.get(c.index);
                for (String status : new String[] {"accepted", "started"}) {
                    byte[] ack = ("{\"id\":\"" + jti + "\",\"station\":\"" + station + "\",\"status\":\"" + status
                            + "\",\"ts\":" + System.currentTimeMillis() + "}").getBytes(StandardCharsets.UTF_8);
                    loop.send(c, MqttWire.publish(topic(c.index, "ack"), c.nextPacketId(), ack, false));
                }
            }
            toAnswer.clear();
            long now = System.nanoTime();
            if (now - lastKeepaliveScan > 1_000_000_000L) {
                lastKeepaliveScan = now;
                long due = now - Duration.ofSeconds(KEEPALIVE_S * 2 / 3).toNanos();
                for (WireConnection c : new ArrayList<>(loop.connections())) {
                    if (c.isOpen() && c.lastSent < due) {
                        loop.send(c, MqttWire.pingreq());
                    }
                }
            }
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        loop.close();
    }
}
