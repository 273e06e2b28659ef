package vn.communeradio.gateway.link;

import java.util.List;
import javax.net.SocketFactory;

/**
 * The MQTT protocol client under the link: MQTT 5 ({@link Mqtt5Client}) or 3.1.1 ({@link Mqtt3Client}), with
 * only what the link needs. Sessions are persistent and reconnection is the link's job, never the client's.
 */
interface BrokerClient {

    /** What a connection is made with. */
    record Connect(int keepaliveSeconds, String willTopic, byte[] willPayload, SocketFactory sockets,
                   String username, String password, int timeoutSeconds, long sessionExpirySeconds) {
    }

    /** Called on the client's own thread. */
    interface Events {
        void message(String topic, byte[] payload, boolean retained);

        /** The connection is gone; {@code cause} may be null when the broker sent a reason instead. */
        void lost(Throwable cause, String brokerReason);
    }

    void connect(Connect options, long timeoutMillis) throws Exception;

    /** Subscribes every topic at QoS 1; returns the broker's reason code per topic (0x80 and above: refused). */
    int[] subscribe(List<String> topics, long timeoutMillis) throws Exception;

    /**
     * Publishes without waiting; {@code done} runs once the broker answered it (QoS 1) or it was written (QoS 0),
     * and before it {@code acknowledged} (may be null) only when the broker took it. Neither runs when the
     * publish fails: the link takes back what a lost connection did not deliver.
     */
    void publish(String topic, byte[] payload, int qos, boolean retained, Runnable acknowledged, Runnable done)
            throws Exception;

    void publishAndWait(String topic, byte[] payload, int qos, boolean retained, long timeoutMillis) throws Exception;

    /** A clean DISCONNECT: the broker keeps the session and does not publish the Will. */
    void disconnect(long timeoutMillis) throws Exception;

    boolean isConnected();

    void close();

    /** The protocol's reason code carried by a failure of this client, or -1. */
    int reasonCode(Throwable failure);
}
