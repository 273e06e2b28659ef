package vn.communeradio.gateway.tool;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.SocketFactory;
import javax.net.ssl.SSLException;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import vn.communeradio.gateway.link.Causes;
import vn.communeradio.gateway.link.MqttRefusal;
import vn.communeradio.gateway.link.NoDelaySocketFactory;
import vn.communeradio.gateway.link.TlsSockets;

/**
 * The tool's short MQTT 5 session: clean start, a random client id, TCP_NODELAY sockets (the link package's,
 * TLS included), and everything that arrives handed over through a queue to the thread that waits for acks.
 * Failures come out as {@link UsageException}s in words, never as Paho's exceptions.
 */
final class MqttSession implements AutoCloseable {

    /** What the broker delivered, or that the connection went away. */
    sealed interface Event permits Message, Lost {
    }

    record Message(String topic, byte[] payload) implements Event {
    }

    record Lost(String why) implements Event {
    }

    /** MQTT 5 PUBACK reason code: accepted, but nobody is subscribed to the topic (Mosquitto sends it). */
    static final int NO_MATCHING_SUBSCRIBERS = 0x10;

    // Paho logs through java.util.logging, whose default handler would print its records (stack traces
    // included) on the operator's terminal; this tool says what went wrong itself. Held here so that the
    // setting is not lost with a garbage-collected logger.
    private static final Logger PAHO_LOG = Logger.getLogger("org.eclipse.paho");

    private static final long TIMEOUT_MS = 10_000;

    private final BrokerOptions options;
    private final MqttAsyncClient client;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    private MqttSession(BrokerOptions options) throws MqttException {
        this.options = options;
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        // random, so that two operators sending at once do not take over each other's connection;
        // at most 23 characters, the limit MQTT 3 brokers may still enforce
        String clientId = "cr-send-" + HexFormat.of().formatHex(random);
        client = new MqttAsyncClient(options.serverUri(), clientId, new MemoryPersistence());
        client.setCallback(new Callback());
    }

    static MqttSession connect(BrokerOptions options) throws UsageException {
        PAHO_LOG.setLevel(Level.OFF);
        MqttSession session;
        try {
            session = new MqttSession(options);
        } catch (MqttException | IllegalArgumentException e) {
            throw new UsageException("send: --broker " + options.url() + ": " + e.getMessage());
        }
        try {
            session.client.connect(session.connectionOptions()).waitForCompletion(TIMEOUT_MS);
            return session;
        } catch (MqttException | RuntimeException e) {
            session.close();
            throw new UsageException("send: cannot connect: " + session.describe(e));
        } catch (UsageException e) {
            session.close();
            throw e;
        }
    }

    private MqttConnectionOptions connectionOptions() throws UsageException {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true); // nothing of a previous run may arrive here, and nothing is left on the broker
        o.setSessionExpiryInterval(0L);
        o.setKeepAliveInterval(30);
        o.setConnectionTimeout((int) (TIMEOUT_MS / 1000));
        o.setAutomaticReconnect(false);
        o.setSocketFactory(sockets());
        o.setHttpsHostnameVerificationEnabled(true);
        if (!options.username().isEmpty()) {
            o.setUserName(options.username());
            o.setPassword(options.password().getBytes(StandardCharsets.UTF_8));
        }
        return o;
    }

    private SocketFactory sockets() throws UsageException {
        if (!options.tls()) {
            return new NoDelaySocketFactory(SocketFactory.getDefault());
        }
        try {
            return TlsSockets.create(options.ca(), options.cert(), options.clientKey());
        } catch (IOException e) {
            // TlsSockets speaks of the station's configuration keys; the operator typed options
            throw new UsageException("send: " + e.getMessage().replace("mqtt.tls.ca", "--ca")
                    .replace("mqtt.tls.cert", "--cert").replace("mqtt.tls.key", "--client-key"));
        }
    }

    /** Subscribes at QoS 1 and waits for the broker to confirm it. */
    void subscribe(String filter) throws UsageException {
        try {
            IMqttToken token = client.subscribe(new MqttSubscription(filter, 1));
            token.waitForCompletion(TIMEOUT_MS);
            int code = firstReasonCode(token);
            if (code >= 0x80) {
                throw new UsageException("send: MQTT broker " + options.address() + " refused the subscription to "
                        + filter + " (reason code " + code + "); check the broker's ACL for this user");
            }
        } catch (MqttException | RuntimeException e) {
            throw new UsageException("send: subscribing to " + filter + " failed: " + describe(e));
        }
    }

    /** Publishes at QoS 1, not retained, and returns the broker's PUBACK reason code. */
    int publish(String topic, String payload) throws UsageException {
        MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        message.setRetained(false); // stations refuse retained commands, rightly: they would replay at each boot
        try {
            IMqttToken token = client.publish(topic, message);
            token.waitForCompletion(TIMEOUT_MS);
            int code = firstReasonCode(token);
            if (code >= 0x80) {
                throw new UsageException(refusedPublish(topic, code));
            }
            return code;
        } catch (MqttException e) {
            if (e.getReasonCode() >= 0x80 && e.getReasonCode() <= 0xFF) {
                throw new UsageException(refusedPublish(topic, e.getReasonCode()));
            }
            throw new UsageException("send: publishing to " + topic + " failed: " + describe(e));
        } catch (RuntimeException e) {
            throw new UsageException("send: publishing to " + topic + " failed: " + describe(e));
        }
    }

    private String refusedPublish(String topic, int code) {
        return "send: MQTT broker " + options.address() + " refused the command on " + topic + " (reason code "
                + code + (code == 0x87 ? ", not authorised: check the broker's ACL for this user" : "") + ")";
    }

    private static int firstReasonCode(IMqttToken token) {
        int[] codes = token.getReasonCodes();
        return codes == null || codes.length == 0 ? 0 : codes[0];
    }

    /** The next event, or null when none came within the time. */
    Event next(long timeoutMillis) throws InterruptedException {
        return events.poll(Math.max(0, timeoutMillis), TimeUnit.MILLISECONDS);
    }

    /** A connection failure in words: what is wrong and which option to look at. */
    String describe(Throwable e) {
        String broker = "MQTT broker " + options.address();
        Throwable cause = Causes.root(e);
        if (cause instanceof ConnectException) {
            return broker + " unreachable: connection refused (is the broker running, is the port right?)";
        } else if (cause instanceof UnknownHostException) {
            return broker + " unknown: DNS cannot resolve " + options.url().getHost();
        } else if (cause instanceof NoRouteToHostException) {
            return broker + " unreachable: no route to host";
        } else if (cause instanceof SocketTimeoutException || e instanceof MqttException m
                && m.getReasonCode() == MqttClientException.REASON_CODE_CLIENT_TIMEOUT) {
            return broker + " does not answer (timed out after " + TIMEOUT_MS / 1000 + " s)";
        }
        if (Causes.ofType(e, CertPathValidatorException.class) != null
                || Causes.ofType(e, CertPathBuilderException.class) != null) {
            return broker + " refused TLS: its certificate is not signed by a CA in "
                    + (options.ca() == null ? "the JVM's trust store (give the CA with --ca)" : "--ca");
        }
        SSLException ssl = Causes.ofType(e, SSLException.class);
        if (ssl != null && String.valueOf(ssl.getMessage()).contains("certificate_required")) {
            return broker + " requires a client certificate: give it with --cert and --client-key";
        } else if (ssl != null) {
            return broker + " refused TLS: " + ssl.getMessage() + " (check --ca, --cert and --client-key)";
        } else if (options.tls() && (cause instanceof SocketException || cause instanceof EOFException)) {
            return broker + " closed the connection during the TLS handshake: is it a TLS port, and does it want "
                    + "a client certificate (--cert, --client-key)?";
        }
        MqttRefusal refusal = e instanceof MqttException m ? MqttRefusal.of(m.getReasonCode()) : null;
        if (refusal != null) {
            return broker + " refused: " + refusal.words() + switch (refusal) {
                case BAD_CREDENTIALS -> " (--username, --password)";
                case NOT_AUTHORISED -> " (check the broker's ACL, --username or --cert)";
                case CLIENT_ID -> " (a random one; try again)";
                case UNAVAILABLE -> "; try again later";
            };
        }
        String message = cause != e && cause.getMessage() != null ? cause.getMessage()
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return broker + ": " + message;
    }

    /** Disconnects cleanly when it can; never throws. */
    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(2_000).waitForCompletion(3_000);
            }
        } catch (MqttException | RuntimeException e) {
            try {
                client.disconnectForcibly(0, 1_000, false);
            } catch (MqttException | RuntimeException ignored) {
                // going anyway
            }
        }
        try {
            client.close(true);
        } catch (MqttException | RuntimeException ignored) {
            // going anyway
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            String why = response.getException() != null ? describe(response.getException())
                    : "MQTT broker " + options.address() + " disconnected us (reason code " + response.getReturnCode()
                            + (response.getReasonString() == null ? "" : ": " + response.getReasonString()) + ")";
            events.add(new Lost(why));
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            // not necessarily the end of the connection; if it is, disconnected() follows
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            events.add(new Message(topic, message.getPayload()));
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
    }
}
