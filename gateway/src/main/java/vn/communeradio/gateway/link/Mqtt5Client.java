package vn.communeradio.gateway.link;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.tinylog.Logger;

/** MQTT 5 through Paho's mqttv5 client. */
final class Mqtt5Client implements BrokerClient {

    private final MqttAsyncClient client;

    Mqtt5Client(String serverUri, String clientId, Events events) throws MqttException {
        client = new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                events.lost(response.getException(), "reason code " + response.getReturnCode()
                        + (response.getReasonString() == null ? "" : ": " + response.getReasonString()));
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
                Logger.warn("MQTT protocol error: {}", exception.getMessage());
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                events.message(topic, message.getPayload(), message.isRetained());
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
    }

    @Override
    public void connect(Connect c, long timeoutMillis) throws MqttException {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(c.sessionExpirySeconds());
        options.setKeepAliveInterval(c.keepaliveSeconds());
        options.setConnectionTimeout(c.timeoutSeconds());
        options.setAutomaticReconnect(false);
        MqttMessage will = new MqttMessage(c.willPayload());
        will.setQos(1);
        will.setRetained(true);
        options.setWill(c.willTopic(), will);
        options.setSocketFactory(c.sockets());
        options.setHttpsHostnameVerificationEnabled(true);
        if (!c.username().isEmpty()) {
            options.setUserName(c.username());
            options.setPassword(c.password().getBytes(StandardCharsets.UTF_8));
        }
        client.connect(options).waitForCompletion(timeoutMillis);
    }

    @Override
    public int[] subscribe(List<String> topics, long timeoutMillis) throws MqttException {
        MqttSubscription[] subscriptions = new MqttSubscription[topics.size()];
        for (int i = 0; i < subscriptions.length; i++) {
            subscriptions[i] = new MqttSubscription(topics.get(i), 1);
            // without it a command published with the retain flag while we are subscribed arrives looking live,
            // and we could not refuse it as PROTOCOL.md requires
            subscriptions[i].setRetainAsPublished(true);
        }
        IMqttToken token = client.subscribe(subscriptions);
        token.waitForCompletion(timeoutMillis);
        return token.getReasonCodes();
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retained, Runnable acknowledged,
                        Runnable done) throws MqttException {
        PublishAnswer answer = new PublishAnswer(acknowledged, done);
        client.publish(topic, message(payload, qos, retained), null, new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                answer.answered(token.getReasonCodes());
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                // the link sends it again on its next connection
            }
        });
    }

    @Override
    public void publishAndWait(String topic, byte[] payload, int qos, boolean retained, long timeoutMillis)
            throws MqttException {
        client.publish(topic, message(payload, qos, retained)).waitForCompletion(timeoutMillis);
    }

    private static MqttMessage message(byte[] payload, int qos, boolean retained) {
        MqttMessage message = new MqttMessage(payload);
        message.setQos(qos);
        message.setRetained(retained);
        return message;
    }

    @Override
    public void disconnect(long timeoutMillis) throws MqttException {
        client.disconnect(timeoutMillis).waitForCompletion(ClientRelease.disconnectWaitMillis(timeoutMillis));
    }

    @Override
    public boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public void close() {
        ClientRelease.close(client::isConnected, client::disconnectForcibly, client::close);
    }

    @Override
    public int reasonCode(Throwable failure) {
        return failure instanceof MqttException e ? e.getReasonCode() : -1;
    }
}
