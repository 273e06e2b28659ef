package vn.communeradio.tests.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import vn.communeradio.gateway.command.CommandSigner;
import vn.communeradio.tests.support.Central;
import vn.communeradio.tests.support.MqttTestClient;

/**
 * The central's side of a long run with one station: commands signed on the station's clock (which may be a
 * simulated one, hours away from this machine's), acks awaited from where they were sent instead of from the first
 * message of the run, so that a day of acks costs no more to search than a minute's.
 */
final class CentralLine implements AutoCloseable {

    /** A command sent: its id, and the acks received before it (they cannot be its own). */
    record Sent(String jti, int from) {
    }

    private final MqttTestClient client;
    private final String station;
    private final String ackTopic;
    /** The station's clock minus this machine's, ms. */
    private volatile long offsetMillis;

    CentralLine(String brokerUrl, String station) throws Exception {
        this.station = station;
        this.ackTopic = Central.PREFIX + "/station/" + station + "/ack";
        this.client = new MqttTestClient(brokerUrl, ackTopic);
    }

    /** Dates commands on a clock this far ahead of this machine's until {@link #followStationClock} reads it. */
    void assumeOffset(long millis) {
        offsetMillis = millis;
    }

    /**
     * Reads the station's clock from a ping's ack, so that later commands are dated on it; the ping itself is dated
     * on the offset assumed, which must be within the station's allowed skew.
     */
    void followStationClock(CommandSigner key, Duration timeout) throws Exception {
        long before = System.currentTimeMillis();
        Sent ping = send(key, "ping", Map.of());
        Map<String, Object> ack = await(ping, timeout, "finished");
        long after = System.currentTimeMillis();
        offsetMillis = (Long) ack.get("ts") - (before + after) / 2;
    }

    /** What the station's clock reads now (this machine's clock plus the offset last read). */
    long stationMillis() {
        return System.currentTimeMillis() + offsetMillis;
    }

    Sent send(CommandSigner key, String cmd, Map<String, ?> args) throws Exception {
        String jti = "c-" + UUID.randomUUID();
        long now = stationMillis() / 1000;
        int from = client.count();
        client.publish(Central.PREFIX + "/station/" + station + "/cmd",
                key.sign(CommandSigner.claims(jti, "bench", "station/" + station, now, now + 60, cmd, args)), false);
        return new Sent(jti, from);
    }

    /** The first ack of {@code sent} with one of {@code statuses}, received after {@code from}. */
    Map<String, Object> await(Sent sent, Duration timeout, String... statuses) throws InterruptedException {
        return await(sent.jti(), sent.from(), timeout, statuses);
    }

    Map<String, Object> await(String id, int from, Duration timeout, String... statuses)
            throws InterruptedException {
        List<String> wanted = List.of(statuses);
        String idField = "\"id\":\"" + id + "\"";
        return Central.ack(client.await(m -> m.topic().equals(ackTopic) && m.payload().contains(idField)
                && wanted.contains(Central.ack(m.payload()).get("status")), from, timeout).payload());
    }

    /** Acks received so far: a {@code from} for {@link #await(String, int, Duration, String...)}. */
    int received() {
        return client.count();
    }

    /** The acks received from index {@code from} on, each parsed. */
    List<Map<String, Object>> acksSince(int from) {
        List<MqttTestClient.Received> all = client.received();
        return all.subList(Math.min(from, all.size()), all.size()).stream()
                .filter(m -> m.topic().equals(ackTopic)).map(m -> Central.ack(m.payload())).toList();
    }

    @Override
    public void close() throws Exception {
        client.close();
    }
}
