package vn.communeradio.gateway.tool;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import vn.communeradio.gateway.json.Json;
import vn.communeradio.gateway.json.JsonException;

/**
 * One ack a station published about our command; {@code raw} is its JSON exactly as received.
 *
 * @param audioS a play session's seconds of audio sent to the output ({@code audio_s}), or null
 * @param drops  the gaps in that audio, 0 when none were reported
 */
record StationAck(String station, String status, String code, String reason, String session, boolean resumed,
                  Double audioS, long drops, String raw) {

    /**
     * The ack in a message on {@code {prefix}/station/{id}/ack}, if it is about {@code jti}; empty for acks of
     * other commands and for anything that is not an ack. The station is taken from the topic, which the
     * broker's ACL ties to the station's login, rather than from the payload.
     */
    static Optional<StationAck> parse(String prefix, String topic, byte[] payload, String jti) {
        String head = prefix + "/station/";
        if (!topic.startsWith(head) || !topic.endsWith("/ack")) {
            return Optional.empty();
        }
        String station = topic.substring(head.length(), topic.length() - "/ack".length());
        Map<String, Object> ack;
        try {
            ack = Json.parseObject(payload);
        } catch (JsonException e) {
            return Optional.empty();
        }
        if (!jti.equals(ack.get("id")) || !(ack.get("status") instanceof String status)) {
            return Optional.empty();
        }
        return Optional.of(new StationAck(station, status, text(ack, "code"), text(ack, "reason"),
                text(ack, "session"), Boolean.TRUE.equals(ack.get("resumed")),
                ack.get("audio_s") instanceof Number n ? n.doubleValue() : null,
                ack.get("drops") instanceof Long d ? d : 0, new String(payload, StandardCharsets.UTF_8)));
    }

    private static String text(Map<String, Object> ack, String member) {
        return ack.get(member) instanceof String s ? s : null;
    }
}
