package vn.communeradio.gateway.link;

import java.util.List;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * MQTT 3.1.1 through Paho's mqttv3 client, for brokers that do not speak 5. One difference matters: 3.1.1 has
 * no "retain as published", so a command published with the retain flag while the station is subscribed
 * arrives looking live; only the stale ones waiting at subscription time are recognised as retained.
 */
final class Mqtt3Client implements BrokerClient {

    private final MqttAsyncClient client;

    Mqtt3Client(String serverUri, String clientId, Events events) throws MqttException {
        client = new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                events.lost(cause, null);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                events.message(topic, message.getPayload(), message.isRetained());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
    }

    @Override
    public void connect(Connect c, long timeoutMillis) throws MqttException {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(false);
        options.setKeepAliveInterval(c.keepaliveSeconds());
        options.setConnectionTimeout(c.timeoutSeconds());
        options.setAutomaticReconnect(false);
        options.setMaxInflight(MqttLink.MAX_IN_FLIGHT);
        options.setWill(c.willTopic(), c.willPayload(), 1, true);
        options.setSocketFactory(c.sockets());
        options.setHttpsHostnameVerificationEnabled(true);
        if (!c.username().isEmpty()) {
            options.setUserName(c.username());
            options.setPassword(c.password().toCharArray());
        }
        client.connect(options).waitForCompletion(timeoutMillis);
    }

    @Override
    public int[] subscribe(List<String> topics, long timeoutMillis) throws MqttException {
        int[] qos = new int[topics.size()];
        java.util.Arrays.fill(qos, 1);
        IMqttToken token = client.subscribe(topics.toArray(new String[0]), qos);
        token.waitForCompletion(timeoutMillis);
        return token.getGrantedQos();
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retained, Runnable acknowledged,
                        Runnable done) throws MqttException {
        PublishAnswer answer = new PublishAnswer(acknowledged, done);
        client.publish(topic, payload, qos, retained, null, new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                answer.answered(null);
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
        client.publish(topic, payload, qos, retained).waitForCompletion(timeoutMillis);
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
