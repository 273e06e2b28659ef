package vn.communeradio.tests.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javax.net.SocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import vn.communeradio.gateway.link.NoDelaySocketFactory;

/** A central system's side in tests: publishes commands, collects what stations publish, awaits messages. */
public final class MqttTestClient implements AutoCloseable {

    /** One received message; {@code arrivedNanos} is {@link System#nanoTime()} when it arrived. */
    public record Received(String topic, String payload, boolean retained, long arrivedNanos) {
    }

    private final MqttAsyncClient client;
    private final List<Received> received = new ArrayList<>();

    public MqttTestClient(String url, String... subscriptions) throws MqttException {
        this(url, "test-" + System.nanoTime(), false, subscriptions);
    }

    /**
     * With {@code keepSession}, the broker keeps the session an hour after a disconnect: a client connecting again
     * with the same id receives what was published to its subscriptions meanwhile (across a broker restart too).
     */
    public MqttTestClient(String url, String clientId, boolean keepSession, String... subscriptions)
            throws MqttException {
        this(url, clientId, options -> {
            options.setCleanStart(!keepSession);
            if (keepSession) {
                options.setSessionExpiryInterval(3600L);
            }
        }, subscriptions);
    }

    /** With connection options of the caller's (TLS sockets, user name and password...), clean start by default. */
    public MqttTestClient(String url, String clientId, Consumer<MqttConnectionOptions> setup,
                          String... subscriptions) throws MqttException {
        client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
        client.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
            @Override
            public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse r) {
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                synchronized (MqttTestClient.this) {
                    received.add(new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8),
                            message.isRetained(), System.nanoTime()));
                    MqttTestClient.this.notifyAll();
                }
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken t) {
            }

            @Override
            public void connectComplete(boolean reconnect, String uri) {
            }

            @Override
            public void authPacketArrived(int code, org.eclipse.paho.mqttv5.common.packet.MqttProperties p) {
            }
        });
        MqttConnectionOptions options = new MqttConnectionOptions();
        // like the station: without TCP_NODELAY each QoS 1 publish waits ~40 ms on Nagle and delayed ACKs
        options.setSocketFactory(new NoDelaySocketFactory(SocketFactory.getDefault()));
        setup.accept(options);
        client.connect(options).waitForCompletion(10_000);
        for (String topic : subscriptions) {
            subscribe(topic);
        }
    }

    /** Subscribes at QoS 1; returns the broker's reason code (1 granted QoS 1, 0x87 not authorised...). */
    public int subscribe(String topic) throws MqttException {
        IMqttToken token = client.subscribe(new MqttSubscription(topic, 1));
        token.waitForCompletion(10_000);
        return token.getReasonCodes()[0];
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    public void publish(String topic, String payload, boolean retained) throws MqttException {
        MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        message.setRetained(retained);
        client.publish(topic, message).waitForCompletion(10_000);
    }

    /** Waits for a message matching {@code match}, the first received included. */
    public Received await(Predicate<Received> match, Duration timeout) throws InterruptedException {
        return await(match, 0, timeout);
    }

    /** Waits for a message matching {@code match} that arrived after the first {@code skip} ones. */
    public synchronized Received await(Predicate<Received> match, int skip, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = skip;
        while (true) {
            for (; checked < received.size(); checked++) {
                if (match.test(received.get(checked))) {
                    return received.get(checked);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching message within " + timeout.toMillis() + " ms; received: " + received);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /**
     * Waits until {@code count} messages match {@code match} or {@code timeout} passes, and returns the matching
     * ones (fewer than {@code count} on a timeout: the caller decides what is missing).
     */
    public synchronized List<Received> collect(Predicate<Received> match, int count, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Received> matching = new ArrayList<>();
        int checked = 0;
        while (true) {
            for (; checked < received.size(); checked++) {
                if (match.test(received.get(checked))) {
                    matching.add(received.get(checked));
                }
            }
            long left = deadline - System.nanoTime();
            if (matching.size() >= count || left <= 0) {
                return matching;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** The {@code index}-th message received (0 first), waiting for it up to {@code timeout}; null if none came. */
    public synchronized Received get(int index, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.size() <= index) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return received.get(index);
    }

    /** Messages received so far: a {@code skip} for {@link #await(Predicate, int, Duration)}. */
    public synchronized int count() {
        return received.size();
    }

    public synchronized List<Received> received() {
        return new ArrayList<>(received);
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect().waitForCompletion(5_000);
        }
        client.close();
    }
}
