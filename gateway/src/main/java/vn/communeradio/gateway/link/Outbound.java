package vn.communeradio.gateway.link;

/**
 * A message waiting to be published.
 *
 * @param kind decides what is dropped first when the queue is full (telemetry, then older states)
 */
public record Outbound(Kind kind, String topic, byte[] payload, int qos, boolean retained) {

    /** What a message is, in order of what may be sacrificed first. */
    public enum Kind {
        TELEMETRY, STATE, ACK, LOG
    }
}
