package vn.communeradio.gateway.link;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import javax.net.SocketFactory;
import javax.net.ssl.SSLException;
import org.tinylog.Logger;
import vn.communeradio.gateway.retry.Backoff;

/**
 * The station's connection to its MQTT broker (Paho; MQTT 5, or 3.1.1 when configured). Owns two threads: one that connects, subscribes
 * and reconnects with jittered backoff for as long as the service runs (Paho never retries a failed first
 * connect itself), and one that drains the outbound queue. Nothing here blocks its callers.
 *
 * <p>On every connection: persistent session (commands published while the station was away are delivered),
 * subscriptions acknowledged, then the retained birth state; the Last Will is the retained offline state.
 *
 * <p>Delivery is the link's: what a connection did not deliver is sent again on the next one. A connection on
 * which the broker acknowledges nothing for a keep-alive interval while publishes wait for their
 * acknowledgement is treated as dead and replaced. Mosquitto drops every packet it
 * would queue for a client whose outgoing queue holds {@code max_queued_messages}, PUBACKs included: a station
 * reading slowly through a flood of commands would otherwise wait for acknowledgements that never come, with
 * every later ack, state and log record queued behind them (docs/fuzzing.md).
 */
public final class MqttLink implements AutoCloseable {

    /** What the link needs from configuration. */
    public record Settings(URI url, String clientId, Topics topics, int keepaliveSeconds, String username,
                           String password, Path tlsCa, Path tlsCert, Path tlsKey, Duration reconnectMax,
                           int queueCapacity, int mqttVersion) {
    }

    /** Receives what arrives; called on Paho's thread, so implementations hand work off quickly. */
    public interface Listener {
        /** A message on one of our command topics; {@code target} is {@code station/ID} or {@code group/ID}. */
        void command(String target, byte[] payload, boolean retained);

        /** Connected and subscribed; the birth state has been queued. */
        default void connected() {
        }
    }

    /** A broker that forgets sessions after this long has forgotten a station that was away longer. */
    static final long SESSION_EXPIRY_SECONDS = 7 * 24 * 3600;
    static final int MAX_IN_FLIGHT = 16;
    static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(15);

    private final Settings settings;
    private final Listener listener;
    private final Supplier<byte[]> onlineState;
    private final Supplier<byte[]> offlineState;
    private final OutboundQueue queue;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final Backoff backoff;
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    /** Publishes handed to a client so far: their order, for taking them back (the publisher's thread only). */
    private long published;
    /** Publishes handed to the client and not yet acknowledged (or written, for QoS 0). */
    private final Set<InFlight> unacknowledged = ConcurrentHashMap.newKeySet();
    /** System.nanoTime of the last acknowledgement, or of the first publish after none was waiting. */
    private volatile long ackProgress = System.nanoTime();
    private final long ackTimeoutNanos;
    private final Object connection = new Object();
    private final String brokerUri;
    /** A new one for every connection (see {@link #retireClient}). */
    private volatile BrokerClient client;
    /** Whether the current client has tried a connection: every attempt after that gets a new one. */
    private boolean clientUsed;
    private volatile boolean connected;
    /** System.nanoTime of the start or of the last connection loss. */
    private volatile long offlineSince = System.nanoTime();
    private volatile Runnable onConnected = () -> { };
    private volatile boolean closing;
    private volatile String lastError;
    private Thread connector;
    private Thread publisher;

    /**
     * @param onlineState  the current state JSON with {@code online:true}, published after every connect
     * @param offlineState the state JSON with {@code online:false}: the Last Will, and what a clean stop publishes
     */
    public MqttLink(Settings settings, Listener listener, Supplier<byte[]> onlineState, Supplier<byte[]> offlineState)
            throws IOException {
        this.settings = settings;
        this.listener = listener;
        this.onlineState = onlineState;
        this.offlineState = offlineState;
        this.queue = new OutboundQueue(settings.queueCapacity());
        this.backoff = new Backoff(Duration.ofSeconds(1), settings.reconnectMax(), RandomGenerator.getDefault());
        this.ackTimeoutNanos = TimeUnit.SECONDS.toNanos(settings.keepaliveSeconds());
        this.brokerUri = brokerUri(settings.url());
        this.client = newClient();
    }

    private BrokerClient newClient() throws IOException {
        try {
            Events events = new Events();
            BrokerClient created = settings.mqttVersion() == 3
                    ? new Mqtt3Client(brokerUri, settings.clientId(), events)
                    : new Mqtt5Client(brokerUri, settings.clientId(), events);
            events.owner = created;
            return created;
        } catch (Exception e) {
            throw new IOException("MQTT client for " + settings.url() + ": " + e.getMessage(), e);
        }
    }

    /** Paho wants an explicit port; tcp:// and ssl:// default to 1883 and 8883. */
    private static String brokerUri(URI url) {
        int port = url.getPort() > 0 ? url.getPort() : (url.getScheme().equalsIgnoreCase("ssl") ? 8883 : 1883);
        return url.getScheme().toLowerCase() + "://" + url.getHost() + ":" + port;
    }

    public void start() {
        connector = new Thread(this::connectLoop, "mqtt-connect");
        connector.setDaemon(true);
        connector.start();
        publisher = new Thread(this::publishLoop, "mqtt-publish");
        publisher.setDaemon(true);
        publisher.start();
    }

    /** Queues a message; never blocks. */
    private volatile boolean holding;

    public void publish(Outbound message) {
        queue.offer(message);
    }

    /** Queues the retained state, replacing any state not yet sent. */
    public void publishState(byte[] state) {
        queue.offer(new Outbound(Outbound.Kind.STATE, settings.topics().state(), state, 1, true));
    }

    public Topics topics() {
        return settings.topics();
    }

    public LinkStats stats() {
        // the message the publisher holds while it waits for the broker is still queued, as far as anyone can tell
        return new LinkStats(connected, lastError, connects.get(), queue.size() + (holding ? 1 : 0), queue.dropped(),
                received.get());
    }

    public boolean isConnected() {
        return connected;
    }

    /** How long the broker has been out of reach: since the last loss, or since the start; zero when connected. */
    public java.time.Duration offlineFor() {
        long since = offlineSince;
        return connected ? java.time.Duration.ZERO : java.time.Duration.ofNanos(System.nanoTime() - since);
    }

    private BrokerClient.Connect connectOptions() throws IOException {
        javax.net.SocketFactory sockets = settings.url().getScheme().equalsIgnoreCase("ssl")
                ? TlsSockets.create(settings.tlsCa(), settings.tlsCert(), settings.tlsKey())
                : new NoDelaySocketFactory(SocketFactory.getDefault());
        return new BrokerClient.Connect(settings.keepaliveSeconds(), settings.topics().state(), offlineState.get(),
                sockets, settings.username(), settings.password(), (int) OPERATION_TIMEOUT.toSeconds(),
                SESSION_EXPIRY_SECONDS);
    }

    private void connectLoop() {
        while (!closing) {
            if (!connected) {
                try {
                    if (clientUsed) {
                        retireClient();
                    }
                    clientUsed = true;
                    connectOnce();
                    backoff.reset();
                } catch (Exception e) {
                    String problem = describe(e);
                    if (!problem.equals(lastError)) {
                        Logger.warn("{}; retrying", problem);
                    }
                    lastError = problem;
                    sleep(backoff.next());
                    continue;
                }
            }
            synchronized (connection) {
                while (connected && !closing && !acknowledgementsStalled()) {
                    try {
                        connection.wait(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            if (connected && !closing) {
                String problem = "MQTT broker " + settings.url().getAuthority() + " acknowledged none of "
                        + unacknowledged.size() + " messages for " + settings.keepaliveSeconds()
                        + " s (a broker dropping packets for a slow client does this); reconnecting to send them again";
                Logger.warn(problem);
                synchronized (connection) {
                    offlineSince = System.nanoTime();
                    connected = false;
                    lastError = problem;
                    connection.notifyAll();
                }
            }
        }
    }

    private boolean acknowledgementsStalled() {
        return !unacknowledged.isEmpty() && System.nanoTime() - ackProgress > ackTimeoutNanos;
    }

    /**
     * Every connection after the first gets a new client, and what the previous one had not delivered goes back
     * to the front of the queue, in order. Paho's own resending is not used: it resends a message with the
     * topic alias of the lost connection and no topic, which Mosquitto answers with a protocol error (reason
     * 130), forever; and a client torn down mid-connect stays "connect already in progress". A message whose
     * acknowledgement was lost is sent twice: QoS 1 is at least once (PROTOCOL.md: log records are de-duplicated
     * on station and seq; a repeated ack repeats a status central already has).
     */
    private void retireClient() throws IOException {
        BrokerClient old = client;
        client = newClient();
        old.close();
        List<InFlight> taken = new ArrayList<>(unacknowledged);
        taken.sort(Comparator.comparingLong(InFlight::order).reversed());
        for (InFlight message : taken) {
            if (message.finish()) {
                queue.requeue(message.message());
            }
        }
        ackProgress = System.nanoTime();
    }

    private void connectOnce() throws Exception {
        client.connect(connectOptions(), OPERATION_TIMEOUT.toMillis());
        List<String> topics = settings.topics().subscriptions();
        int[] codes = client.subscribe(topics, OPERATION_TIMEOUT.toMillis());
        for (int i = 0; i < topics.size(); i++) {
            int code = codes != null && codes.length > i ? codes[i] : (codes != null && codes.length == 1 ? codes[0] : 0);
            if (code >= 0x80) {
                throw new IOException("MQTT broker " + settings.url().getAuthority() + " refused the subscription to "
                        + topics.get(i) + " (reason code " + code + "); check the broker's ACL for this station");
            }
        }
        connects.incrementAndGet(); // before the birth goes out: whoever sees it sees the count too
        queue.offer(new Outbound(Outbound.Kind.STATE, settings.topics().state(), onlineState.get(), 1, true));
        synchronized (connection) {
            connected = true;
            connection.notifyAll();
        }
        if (lastError != null) {
            Logger.info("MQTT broker {} connected again after: {}", settings.url().getAuthority(), lastError);
        } else {
            Logger.info("MQTT broker {} connected, subscribed to {}", settings.url().getAuthority(), topics);
        }
        lastError = null;
        listener.connected();
        onConnected.run();
    }

    /** Runs {@code hook} after every (re)connect, once subscribed and the birth state queued (the journal resends). */
    public void onConnected(Runnable hook) {
        onConnected = hook;
    }

    private void publishLoop() {
        while (!closing) {
            Outbound message;
            try {
                message = queue.take(1, TimeUnit.SECONDS);
                if (message == null) {
                    continue;
                }
                holding = true;
                awaitConnected();
                inFlight.acquire();
            } catch (InterruptedException e) {
                return;
            }
            if (!connected) {
                inFlight.release();
                queue.requeue(message);
                holding = false;
                continue;
            }
            holding = false;
            if (unacknowledged.isEmpty()) {
                ackProgress = System.nanoTime();
            }
            BrokerClient current = client;
            InFlight pending = new InFlight(message, ++published);
            unacknowledged.add(pending);
            try {
                current.publish(message.topic(), message.payload(), message.qos(), message.retained(),
                        message.acknowledged(), () -> {
                            ackProgress = System.nanoTime();
                            pending.finish();
                        });
            } catch (Exception e) {
                pending.finish();
                queue.requeue(message);
                Logger.debug("publish to {} deferred: {}", message.topic(), e.getMessage());
                sleep(Duration.ofMillis(100));
            }
        }
    }

    /**
     * A message handed to the client, until the broker answers it or the link takes it back from a lost
     * connection; either returns its in-flight permit, once.
     */
    private final class InFlight {
        private final Outbound message;
        private final long order;
        private final AtomicBoolean done = new AtomicBoolean();

        InFlight(Outbound message, long order) {
            this.message = message;
            this.order = order;
        }

        Outbound message() {
            return message;
        }

        long order() {
            return order;
        }

        /** True for the first call only, which returns the permit. */
        boolean finish() {
            if (!done.compareAndSet(false, true)) {
                return false;
            }
            unacknowledged.remove(this);
            inFlight.release();
            return true;
        }
    }

    private void awaitConnected() throws InterruptedException {
        synchronized (connection) {
            while (!connected && !closing) {
                connection.wait(1000);
            }
        }
    }

    private void sleep(Duration duration) {
        synchronized (connection) {
            try {
                long end = System.nanoTime() + duration.toNanos();
                long left;
                while (!closing && (left = end - System.nanoTime()) > 0) {
                    TimeUnit.NANOSECONDS.timedWait(connection, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A connection problem in words a technician can act on. */
    String describe(Throwable e) {
        String broker = "MQTT broker " + settings.url().getHost() + ":" + URI.create(brokerUri(settings.url())).getPort();
        Throwable cause = Causes.root(e);
        if (cause instanceof ConnectException) {
            return broker + " unreachable: connection refused";
        } else if (cause instanceof UnknownHostException) {
            return broker + " unknown: DNS cannot resolve " + settings.url().getHost();
        } else if (cause instanceof NoRouteToHostException) {
            return broker + " unreachable: no route to host";
        } else if (cause instanceof SocketTimeoutException) {
            return broker + " does not answer (timed out)";
        }
        boolean tls = settings.url().getScheme().equalsIgnoreCase("ssl");
        SSLException ssl = Causes.ofType(e, SSLException.class);
        if (Causes.ofType(e, java.security.cert.CertPathValidatorException.class) != null
                || Causes.ofType(e, java.security.cert.CertPathBuilderException.class) != null) {
            return broker + " refused TLS: its certificate is not signed by a CA in mqtt.tls.ca";
        } else if (ssl != null && refusedOurCertificate(ssl.getMessage())) {
            // the broker's own alert: which one depends on the TLS version and on timing, the meaning does not
            return broker + " refused TLS: it does not accept this station's client certificate (mqtt.tls.cert): "
                    + ssl.getMessage();
        } else if (ssl != null) {
            return broker + " refused TLS: " + ssl.getMessage()
                    + " (check mqtt.tls.ca, mqtt.tls.cert and mqtt.tls.key)";
        } else if (tls && (cause instanceof java.net.SocketException || cause instanceof java.io.EOFException)) {
            return broker + " closed the TLS connection while it was being set up: it probably does not accept"
                    + " this station's client certificate (mqtt.tls.cert)";
        }
        MqttRefusal refusal = MqttRefusal.of(client.reasonCode(e));
        if (refusal != null) {
            return broker + " refused: " + refusal.words() + switch (refusal) {
                case BAD_CREDENTIALS -> " (mqtt.username / mqtt.password)";
                case NOT_AUTHORISED -> " (check the broker's ACL or the client certificate)";
                case CLIENT_ID -> " (" + settings.clientId() + ")";
                case UNAVAILABLE -> "; it asked us to come back later";
            };
        }
        String message = cause != e && cause.getMessage() != null ? cause.getMessage()
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return broker + ": " + message;
    }

    /** True for an alert the broker sends when it will not take the client certificate we offered (or none). */
    private static boolean refusedOurCertificate(String message) {
        if (message == null || !message.startsWith("Received fatal alert: ")) {
            return false;
        }
        return switch (message.substring("Received fatal alert: ".length())) {
            case "unknown_ca", "bad_certificate", "certificate_unknown", "certificate_required",
                    "certificate_revoked", "certificate_expired", "access_denied" -> true;
            default -> false;
        };
    }

    /** Publishes the offline state itself, disconnects cleanly (so the broker does not send the Will), stops. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        synchronized (connection) {
            connection.notifyAll();
        }
        try {
            if (connected && client.isConnected()) {
                client.publishAndWait(settings.topics().state(), offlineState.get(), 1, true, 2_000);
                client.disconnect(2_000);
            }
        } catch (Exception e) {
            Logger.warn("MQTT clean disconnect incomplete: {}", e.getMessage());
        }
        connected = false;
        for (Thread t : new Thread[] {connector, publisher}) {
            if (t != null) {
                t.interrupt();
                try {
                    t.join(2_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        client.close();
    }

    private final class Events implements BrokerClient.Events {
        /** The client these events come from: a retired client's connection loss is old news. (Its last
         * messages are still handled: Paho acknowledges what it hands over, so dropping one would lose it.) */
        private volatile BrokerClient owner;

        @Override
        public void lost(Throwable cause, String brokerReason) {
            if (owner != client) {
                return;
            }
            synchronized (connection) {
                offlineSince = System.nanoTime();
                connected = false;
                connection.notifyAll();
            }
            if (closing) {
                return;
            }
            String reason = cause != null ? describe(cause)
                    : "MQTT broker " + settings.url().getAuthority() + " disconnected us (" + brokerReason + ")";
            lastError = reason;
            Logger.warn("{}; reconnecting", reason);
        }

        @Override
        public void message(String topic, byte[] payload, boolean retained) {
            // never throw from here: Paho drops the connection, and a redelivered message would throw again
            try {
                String target = settings.topics().targetOf(topic);
                if (target == null) {
                    return;
                }
                received.incrementAndGet();
                listener.command(target, payload, retained);
            } catch (Throwable e) {
                Logger.error(e, "message on {} could not be handled", topic);
            }
        }
    }
}
