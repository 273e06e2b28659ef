package vn.communeradio.tests.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import vn.communeradio.gateway.command.CommandSigner;
import vn.communeradio.gateway.json.Json;

/**
 * The district/province side in a test: signs commands for a station, publishes them on a real broker, and
 * awaits the station's acks and state.
 */
public final class Central implements AutoCloseable {

    public static final String PREFIX = "communeradio/v1";
    public static final Duration WAIT = Duration.ofSeconds(20);

    private final MqttTestClient client;

    public Central(String brokerUrl) throws Exception {
        this(new MqttTestClient(brokerUrl, PREFIX + "/station/+/ack", PREFIX + "/station/+/state"));
    }

    /** Over a client of the caller's (TLS, an account), subscribed at least to the acks. */
    public Central(MqttTestClient client) {
        this.client = client;
    }

    public MqttTestClient client() {
        return client;
    }

    /** Signs and publishes {@code cmd} for one station, valid for a minute; returns its jti. */
    public String send(CommandSigner key, String stationId, String cmd, Map<String, ?> args) throws Exception {
        return sendTo(key, "station/" + stationId, cmd, args);
    }

    /** Signs and publishes {@code cmd} for {@code target}: {@code station/ID} or {@code group/ID}; returns its jti. */
    public String sendTo(CommandSigner key, String target, String cmd, Map<String, ?> args) throws Exception {
        return sendTo(key, target, cmd, args, Duration.ofSeconds(60));
    }

    /** The same, valid for {@code validity} (a command that may wait on the broker for a station out of reach). */
    public String sendTo(CommandSigner key, String target, String cmd, Map<String, ?> args, Duration validity)
            throws Exception {
        String jti = "c-" + UUID.randomUUID();
        long now = Instant.now().getEpochSecond();
        publishTo(target, token(key, jti, target, now, now + validity.toSeconds(), cmd, args), false);
        return jti;
    }

    /**
     * A command token as a central system signs one (issuer "test"), with whatever {@code jti}, audience and times
     * a test wants: a replay, an expired one, one for another station, one dated by a wrong clock.
     */
    public static String token(CommandSigner key, String jti, String audience, long iat, long exp, String cmd,
                               Map<String, ?> args) {
        return key.sign(CommandSigner.claims(jti, "test", audience, iat, exp, cmd, args));
    }

    /**
     * Publishes {@code payload} as it is on the command topic of {@code target} ({@code station/ID} or
     * {@code group/ID}): a {@link #token}, a tampered one, anything; retained if asked ("" clears it).
     */
    public void publishTo(String target, String payload, boolean retained) throws Exception {
        client.publish(PREFIX + "/" + target + "/cmd", payload, retained);
    }

    public Map<String, Object> awaitAck(String stationId, String jti, String status, Duration timeout)
            throws InterruptedException {
        return ack(awaitAckMessage(stationId, jti, status, timeout).payload());
    }

    /** The same ack as it arrived: its arrival time measures what happened between two acks. */
    public MqttTestClient.Received awaitAckMessage(String stationId, String jti, String status, Duration timeout)
            throws InterruptedException {
        String topic = PREFIX + "/station/" + stationId + "/ack";
        return client.await(m -> m.topic().equals(topic) && jti.equals(ack(m.payload()).get("id"))
                && status.equals(ack(m.payload()).get("status")), timeout);
    }

    public Map<String, Object> awaitAck(String stationId, String jti, String status) throws InterruptedException {
        return awaitAck(stationId, jti, status, WAIT);
    }

    /** Awaits the {@code rejected} ack of {@code jti}, asserts its code and that its reason holds the fragment. */
    public Map<String, Object> awaitRejected(String stationId, String jti, String code, String reasonFragment)
            throws InterruptedException {
        Map<String, Object> ack = awaitAck(stationId, jti, "rejected");
        assertEquals(code, ack.get("code"), ack.toString());
        assertTrue(String.valueOf(ack.get("reason")).contains(reasonFragment), ack.toString());
        return ack;
    }

    /** The final ack of a play session: the first of finished, stopped, failed, preempted. */
    public Map<String, Object> awaitFinal(String stationId, String jti, Duration timeout) throws InterruptedException {
        String topic = PREFIX + "/station/" + stationId + "/ack";
        List<String> finals = List.of("finished", "stopped", "failed", "preempted");
        return ack(client.await(m -> m.topic().equals(topic) && jti.equals(ack(m.payload()).get("id"))
                && finals.contains(ack(m.payload()).get("status")), timeout).payload());
    }

    public MqttTestClient.Received awaitState(String stationId, String fragment) throws InterruptedException {
        return awaitState(stationId, fragment, 0, WAIT);
    }

    /** A state message containing {@code fragment} among those after the first {@code skip} messages received. */
    public MqttTestClient.Received awaitState(String stationId, String fragment, int skip, Duration timeout)
            throws InterruptedException {
        String topic = PREFIX + "/station/" + stationId + "/state";
        return client.await(m -> m.topic().equals(topic) && m.payload().contains(fragment), skip, timeout);
    }

    /**
     * The first telemetry message the station stamped later than {@code afterMillis} (epoch ms); the client must be
     * subscribed to the telemetry topic.
     */
    public Map<String, Object> awaitTelemetry(String stationId, long afterMillis, Duration timeout)
            throws InterruptedException {
        String topic = PREFIX + "/station/" + stationId + "/telemetry";
        return ack(client.await(m -> m.topic().equals(topic) && (Long) ack(m.payload()).get("ts") > afterMillis,
                timeout).payload());
    }

    /** One counter of a telemetry message, e.g. {@code figure(t, "streams", "underruns")}. */
    @SuppressWarnings("unchecked")
    public static long figure(Map<String, Object> telemetry, String group, String name) {
        return (Long) ((Map<String, Object>) telemetry.get(group)).get(name);
    }

    /** Every status acked so far for {@code jti}, in order. */
    public List<String> statuses(String jti) {
        return client.received().stream()
                .filter(m -> m.topic().endsWith("/ack"))
                .map(m -> ack(m.payload()))
                .filter(a -> jti.equals(a.get("id")))
                .map(a -> (String) a.get("status"))
                .toList();
    }

    public static Map<String, Object> ack(String json) {
        try {
            return Json.parseObject(json.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    @Override
    public void close() throws Exception {
        client.close();
    }
}
