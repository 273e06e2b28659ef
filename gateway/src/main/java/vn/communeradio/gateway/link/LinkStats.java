package vn.communeradio.gateway.link;

/**
 * The MQTT link as a technician needs to see it.
 *
 * @param connected   connected and subscribed
 * @param lastError   the last connection problem in plain words, or null
 * @param connects    successful connections since start
 * @param queued      messages waiting to be published
 * @param dropped     messages dropped because the queue was full
 * @param received    messages received on command topics
 */
public record LinkStats(boolean connected, String lastError, long connects, int queued, long dropped, long received) {
}
