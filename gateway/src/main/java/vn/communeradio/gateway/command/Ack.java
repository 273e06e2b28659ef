package vn.communeradio.gateway.command;

import java.util.LinkedHashMap;
import java.util.Map;
import vn.communeradio.gateway.json.Json;

/** Builds acks as PROTOCOL.md lays them out: id, station, status, then what the status needs, then ts. */
public final class Ack {

    private final Map<String, Object> fields = new LinkedHashMap<>();

    private Ack(String jti, String station, AckStatus status) {
        fields.put("id", jti);
        fields.put("station", station);
        fields.put("status", status.wire());
    }

    public static Ack of(String jti, String station, AckStatus status) {
        return new Ack(jti, station, status);
    }

    /**
     * The {@code accepted} ack of a command. A sender whose {@code iat} was ahead of this station's unsynchronised
     * clock learns by how much ({@code iat_ahead_s}): its clock is fast, or the station's is behind.
     */
    public static Ack accepted(Envelope envelope, String station) {
        Ack ack = of(envelope.jti(), station, AckStatus.ACCEPTED);
        return envelope.iatAheadS() > 0 ? ack.with("iat_ahead_s", envelope.iatAheadS()) : ack;
    }

    public static String rejected(String station, Rejection rejection, long nowMillis) {
        return of(rejection.jti(), station, AckStatus.REJECTED).code(rejection.code()).reason(rejection.reason())
                .json(nowMillis);
    }

    public Ack code(RejectCode code) {
        fields.put("code", code.wire());
        return this;
    }

    public Ack reason(String reason) {
        fields.put("reason", reason);
        return this;
    }

    public Ack with(String name, Object value) {
        fields.put(name, value);
        return this;
    }

    public String json(long nowMillis) {
        fields.put("ts", nowMillis);
        return Json.write(fields);
    }
}
