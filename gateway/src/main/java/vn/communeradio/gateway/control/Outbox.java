package vn.communeradio.gateway.control;

/** Where the station's messages to central systems go: the MQTT link in service, a list in tests. */
public interface Outbox {

    /** One ack, a compact JSON object. */
    void ack(String json);

    /** The current state changed; {@code json} is the whole state object. */
    void state(String json);
}
