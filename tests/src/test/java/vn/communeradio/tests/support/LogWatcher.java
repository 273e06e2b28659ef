package vn.communeradio.tests.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import vn.communeradio.gateway.link.NoDelaySocketFactory;

/**
 * A central system reading a station's broadcast log, as a real consumer would: a persistent MQTT session, so
 * records published while it is away (broker restarts included) are waiting for it when it comes back. Keeps
 * every record it receives, duplicates included, in arrival order.
 */
public final class LogWatcher implements AutoCloseable {

    private final String url;
    private final String topic;
    private final String clientId = "log-watcher-" + System.nanoTime();
    private final List<Map<String, Object>> records = new ArrayList<>();
    private MqttAsyncClient client;

    public LogWatcher(String url, String stationId) throws MqttException {
        this.url = url;
        this.topic = Central.PREFIX + "/station/" + stationId + "/log";
        connect();
        client.subscribe(new MqttSubscription(topic, 1)).waitForCompletion(10_000);
    }

    private void connect() throws MqttException {
        client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
            }

            @Override
            public void messageArrived(String t, MqttMessage message) {
                if (message.isRetained()) {
                    throw new AssertionError("log records must not be retained: " + message);
                }
                Map<String, Object> record = Central.ack(new String(message.getPayload(), StandardCharsets.UTF_8));
                synchronized (LogWatcher.this) {
                    records.add(record);
                    LogWatcher.this.notifyAll();
                }
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
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false); // a fresh client id: nothing stale to resume
        // across a broker restart: back to the same session, where records published meanwhile wait
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 2);
        options.setSessionExpiryInterval(3600L);
        options.setSocketFactory(new NoDelaySocketFactory(SocketFactory.getDefault()));
        client.connect(options).waitForCompletion(10_000);
    }

    /** Waits until a record with this seq has arrived, and returns the first one. */
    public synchronized Map<String, Object> awaitSeq(long seq, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Map<String, Object> r : records) {
                if (Long.valueOf(seq).equals(r.get("seq"))) {
                    return r;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no log record with seq " + seq + " within " + timeout.toMillis()
                        + " ms; received: " + records);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Every record received so far, duplicates included. */
    public synchronized List<Map<String, Object>> records() {
        return List.copyOf(records);
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect().waitForCompletion(5_000);
        }
        client.close();
    }
}
