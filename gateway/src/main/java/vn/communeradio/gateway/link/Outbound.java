package vn.communeradio.gateway.link;

/**
 * A message waiting to be published.
 *
 * @param kind         decides what is dropped first when the queue is full (telemetry, then older states)
 * @param acknowledged runs when the broker has acknowledged it (QoS 1 PUBACK), never on failure; may be null
 */
public record Outbound(Kind kind, String topic, byte[] payload, int qos, boolean retained, Runnable acknowledged) {

    public Outbound(Kind kind, String topic, byte[] payload, int qos, boolean retained) {
        this(kind, topic, payload, qos, retained, null);
    }

    /** What a message is, in order of what may be sacrificed first. */
    public enum Kind {
        TELEMETRY, STATE, ACK, LOG
    }
}
