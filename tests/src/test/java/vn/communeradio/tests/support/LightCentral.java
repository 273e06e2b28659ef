package vn.communeradio.tests.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A province's central system reduced to what a fan-out benchmark needs, on a thread of its own ({@link WireLoop}):
 * one MQTT 5 connection (clean session, user name and password, over TLS or not) that publishes group commands at
 * QoS 1 and ingests every station's acks ({@code station/+/ack}). The publish is stamped with
 * {@link System#nanoTime()} just before its bytes are written to the socket, each ack as its connection is read:
 * the same clock as {@link LightStations}' stamps, in the same process.
 */
public final class LightCentral implements AutoCloseable {

    private final WireLoop loop;
    private final String user;
    private final byte[] password;
    private final String ackFilter;
    private final int ackQos;
    private final Map<String, Integer> index = new HashMap<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile IOException lost;
    private WireConnection connection;
    // per round, touched on the loop's thread; read by others through snapshot()
    private String jti = "";
    private long[] accepted;
    private long[] started;
    private long duplicates;
    private final ByteArrayOutputStream pubacks = new ByteArrayOutputStream();

    /** What the central client saw of one command: when it was published and when each station's acks came. */
    public record Round(long publishedNanos, long[] acceptedNanos, long[] startedNanos, long duplicates) {
    }

    private LightCentral(WireLoop loop, List<String> stationIds, String prefix, String user, String password,
                         int ackQos) {
        this.loop = loop;
        this.ackQos = ackQos;
        this.user = user;
        this.password = password == null ? null : password.getBytes(StandardCharsets.UTF_8);
        this.ackFilter = prefix + "/station/+/ack";
        for (int i = 0; i < stationIds.size(); i++) {
            index.put(stationIds.get(i), i);
        }
        this.accepted = new long[stationIds.size()];
        this.started = new long[stationIds.size()];
    }

    /**
     * Connects to {@code broker} (TLS when {@code tls} is not null) and subscribes to the acks of every station at
     * {@code ackQos} (0 or 1).
     */
    public static LightCentral connect(InetSocketAddress broker, SSLContext tls, String user, String password,
                                       List<String> stationIds, String prefix, int ackQos)
            throws IOException, InterruptedException {
        LightCentral central = new LightCentral(new WireLoop("light-central", broker, tls), stationIds, prefix, user,
                password, ackQos);
        central.loop.start(central.new Behaviour());
        central.loop.execute(() -> {
            try {
                central.connection = central.loop.open(0, engine -> { });
            } catch (IOException e) {
                central.ready.completeExceptionally(e);
            }
        });
        try {
            central.ready.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            central.close();
            throw new IOException("the central client could not connect and subscribe: " + e.getMessage(), e);
        }
        return central;
    }

    /**
     * Starts a round: forgets the acks of the last one, publishes {@code payload} at QoS 1 on {@code topic} and
     * counts acks with id {@code id}; returns System.nanoTime just before the publish was written.
     */
    public long publish(String topic, byte[] payload, String id) throws Exception {
        checkConnected();
        CompletableFuture<Long> written = new CompletableFuture<>();
        loop.execute(() -> {
            jti = id;
            accepted = new long[accepted.length];
            started = new long[started.length];
            duplicates = 0;
            byte[] packet = MqttWire.publish(topic, connection.nextPacketId(), payload, false);
            long now = System.nanoTime();
            loop.send(connection, packet);
            written.complete(now);
        });
        return written.get(10, TimeUnit.SECONDS);
    }

    private void checkConnected() throws IOException {
        if (lost != null) {
            throw new IOException("the central client lost its connection: " + lost.getMessage(), lost);
        }
    }

    /** The round so far, taken on the loop's thread. */
    public Round snapshot() throws Exception {
        checkConnected();
        CompletableFuture<Round> round = new CompletableFuture<>();
        loop.execute(() -> round.complete(new Round(0, accepted.clone(), started.clone(), duplicates)));
        return round.get(10, TimeUnit.SECONDS);
    }

    /** Waits until every station has acked {@code started} for the current round, or {@code timeout}. */
    public Round await(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Round r = snapshot();
            boolean all = true;
            for (long n : r.startedNanos()) {
                all &= n != 0;
            }
            if (all || System.nanoTime() > deadline || loop.failure() != null) {
                return r;
            }
            Thread.sleep(20);
        }
    }

    /** CPU time of the central client's thread, in ns. */
    public long cpuNanos() {
        return loop.cpuNanos();
    }

    /** The central side of MQTT, on the loop's thread. */
    private final class Behaviour implements WireLoop.Client {

        @Override
        public void opened(WireConnection c) {
            // no keepalive: a bench's client, idle for as long as the stand-ins take to connect
            loop.send(c, MqttWire.connect(new MqttWire.Connect("central-" + System.nanoTime(), true, 0, 0, null, null,
                    user, password)));
        }

        @Override
        public void packet(WireConnection c, int header, ByteBuffer body) throws IOException {
            switch (header >> 4) {
                case MqttWire.CONNACK -> {
                    body.get();
                    int reason = body.get() & 0xff;
                    if (reason != 0) {
                        throw new IOException("central: CONNACK reason code 0x" + Integer.toHexString(reason));
                    }
                    loop.send(c, MqttWire.subscribe(c.nextPacketId(), List.of(ackFilter), ackQos));
                }
                case MqttWire.SUBACK -> {
                    byte code = MqttWire.subackCodes(body)[0];
                    if ((code & 0xff) >= 0x80) {
                        throw new IOException("central: subscription to " + ackFilter + " refused, 0x"
                                + Integer.toHexString(code & 0xff));
                    }
                    ready.complete(null);
                }
                case MqttWire.PUBLISH -> {
                    long now = System.nanoTime();
                    MqttWire.Publish p = MqttWire.publishOf(header, body);
                    if (p.packetId() > 0) {
                        pubacks.writeBytes(MqttWire.puback(p.packetId()));
                    }
                    record(p, now);
                }
                default -> {
                    // PUBACKs of our commands, PINGRESPs
                }
            }
        }

        private void record(MqttWire.Publish p, long now) {
            String topic = p.topic();
            int end = topic.length() - "/ack".length();
            Integer i = index.get(topic.substring(topic.lastIndexOf('/', end - 1) + 1, end));
            String ack = new String(p.payload(), StandardCharsets.UTF_8);
            if (i == null || !ack.contains("\"id\":\"" + jti + "\"")) {
                return;
            }
            long[] times = ack.contains("\"status\":\"accepted\"") ? accepted
                    : ack.contains("\"status\":\"started\"") ? started : null;
            if (times == null) {
                return;
            }
            if (times[i] != 0) {
                duplicates++;
            } else {
                times[i] = now;
            }
        }

        @Override
        public void afterReads() {
            // the acknowledgements of a batch of acks go out together, as one write
            if (pubacks.size() > 0) {
                loop.send(connection, pubacks.toByteArray());
                pubacks.reset();
            }
        }

        @Override
        public void failed(WireConnection c, IOException e) {
            lost = e;
            ready.completeExceptionally(e);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        loop.close();
    }
}
