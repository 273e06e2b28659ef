package vn.communeradio.tests.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.communeradio.gateway.link.MqttLink;
import vn.communeradio.gateway.link.Outbound;
import vn.communeradio.gateway.link.Topics;
import vn.communeradio.tests.support.Command;
import vn.communeradio.tests.support.Mosquitto;
import vn.communeradio.tests.support.MqttTestClient;

/** The station's MQTT link against a real Mosquitto: birth after subscriptions, sessions, reconnects. */
class MqttLinkTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private Mosquitto broker;
    private MqttTestClient central;
    private final BlockingQueue<String> commands = new LinkedBlockingQueue<>();
    private final AtomicInteger births = new AtomicInteger();
    private final Topics topics = new Topics("communeradio/v1", "st-1", List.of("commune-a"));

    @BeforeEach
    void broker() throws Exception {
        broker = Mosquitto.start();
        central = new MqttTestClient(broker.url(), "communeradio/v1/station/+/state");
    }

    @AfterEach
    void stop() throws Exception {
        central.close();
        broker.close();
    }

    /** The MQTT protocol version under test; {@link MqttLink311Test} runs everything again with 3. */
    int version() {
        return 5;
    }

    private MqttLink link(String url) throws Exception {
        int version = version();
        MqttLink.Settings settings = new MqttLink.Settings(URI.create(url), "commune-radio-st-1", topics, 5, "", "",
                null, null, null, Duration.ofSeconds(2), 100, version);
        MqttLink link = new MqttLink(settings, new MqttLink.Listener() {
            @Override
            public void command(String target, byte[] payload, boolean retained) {
                commands.add(target + " " + new String(payload, StandardCharsets.UTF_8) + (retained ? " retained" : ""));
            }
        }, () -> ("{\"station\":\"st-1\",\"online\":true,\"birth\":" + births.incrementAndGet() + "}").getBytes(),
                () -> "{\"station\":\"st-1\",\"online\":false}".getBytes());
        link.start();
        return link;
    }

    private MqttTestClient.Received awaitState(String fragment) throws InterruptedException {
        return central.await(m -> m.topic().equals(topics.state()) && m.payload().contains(fragment), WAIT);
    }

    @Test
    void onlineIsPublishedOnlyOnceSubscribedSoACommandSentThenIsReceived() throws Exception {
        try (MqttLink link = link(broker.url())) {
            awaitState("\"online\":true");
            // a central system that sees online:true may send at once
            central.publish(topics.command(), "hello-station", false);
            central.publish(topics.groupCommand("commune-a"), "hello-group", false);
            central.publish("communeradio/v1/group/other/cmd", "not-for-us", false);
            assertEquals("station/st-1 hello-station", commands.poll(10, TimeUnit.SECONDS));
            assertEquals("group/commune-a hello-group", commands.poll(10, TimeUnit.SECONDS));
            assertEquals(null, commands.poll(300, TimeUnit.MILLISECONDS));
            assertTrue(link.stats().connected());
        }
        // a clean stop says offline itself
        awaitState("\"online\":false");
    }

    @Test
    void aRetainedCommandIsFlaggedRetained() throws Exception {
        central.publish(topics.command(), "stale", true);
        try (MqttLink link = link(broker.url())) {
            assertEquals("station/st-1 stale retained", commands.poll(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void firstConnectIsRetriedUntilTheBrokerExists() throws Exception {
        broker.stop();
        try (MqttLink link = link(broker.url())) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (link.stats().lastError() == null && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals("MQTT broker 127.0.0.1:" + broker.port() + " unreachable: connection refused",
                    link.stats().lastError());
            assertFalse(link.isConnected());
            broker.restart();
            central.close();
            central = new MqttTestClient(broker.url(), "communeradio/v1/station/+/state");
            awaitState("\"online\":true");
            assertEquals(1, link.stats().connects());
        }
    }

    @Test
    void reconnectsAfterABrokerRestartAndRepublishesItsState() throws Exception {
        try (MqttLink link = link(broker.url())) {
            awaitState("\"birth\":1");
            broker.restart();
            central.close();
            central = new MqttTestClient(broker.url(), "communeradio/v1/station/+/state");
            awaitState("\"birth\":2");
            assertEquals(2, link.stats().connects());
            central.publish(topics.command(), "after-restart", false);
            assertEquals("station/st-1 after-restart", commands.poll(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aCommandSentWhileTheStationWasAwayIsDeliveredOnceOnReconnect() throws Exception {
        try (MqttLink link = link(broker.url())) {
            awaitState("\"birth\":1");
        }
        awaitState("\"online\":false");
        central.publish(topics.command(), "while-away", false);
        try (MqttLink link = link(broker.url())) {
            assertEquals("station/st-1 while-away", commands.poll(10, TimeUnit.SECONDS));
            awaitState("\"birth\":2");
            assertEquals(null, commands.poll(500, TimeUnit.MILLISECONDS), "delivered once");
        }
    }

    @Test
    void messagesQueuedWhileDisconnectedAreSentInOrderOnReconnect() throws Exception {
        broker.stop();
        try (MqttLink link = link(broker.url())) {
            for (int i = 0; i < 5; i++) {
                link.publish(new Outbound(Outbound.Kind.ACK, topics.ack(), ("{\"n\":" + i + "}").getBytes(), 1, false));
            }
            // the publisher may be between taking a message and marking it held: allow it that instant
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (link.stats().queued() != 5 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(5, link.stats().queued());
            broker.restart();
            central.close();
            central = new MqttTestClient(broker.url(), topics.ack());
            for (int i = 0; i < 5; i++) {
                int n = i;
                central.await(m -> m.payload().equals("{\"n\":" + n + "}"), WAIT);
            }
            List<String> order = central.received().stream().map(MqttTestClient.Received::payload).toList();
            assertEquals(List.of("{\"n\":0}", "{\"n\":1}", "{\"n\":2}", "{\"n\":3}", "{\"n\":4}"), order);
        }
    }

    /**
     * Messages the broker never acknowledged because it died (frozen, then killed, as a power cut of the broker's
     * machine) are delivered once it is back. With MQTT 5 the client had sent them with a topic alias of the dead
     * connection: resent as they were, the broker refuses them as a protocol error on every reconnect, forever.
     */
    @Test
    void messagesInFlightWhenTheBrokerDiesAreDeliveredWhenItIsBack() throws Exception {
        long subscribed = System.currentTimeMillis();
        MqttTestClient acks = new MqttTestClient(broker.url(), "central-acks", true, topics.ack());
        try (MqttLink link = link(broker.url())) {
            awaitState("\"birth\":1");
            awaitSessionsSaved(subscribed); // central's session must outlive the broker's death
            // the topic's first message; the next ones may go with only its alias
            link.publish(new Outbound(Outbound.Kind.ACK, topics.ack(), "{\"n\":0}".getBytes(), 1, false));
            acks.await(m -> m.payload().equals("{\"n\":0}"), WAIT);
            Command.ok("kill", "-STOP", String.valueOf(broker.pid()));
            for (int i = 1; i <= 3; i++) {
                link.publish(new Outbound(Outbound.Kind.ACK, topics.ack(), ("{\"n\":" + i + "}").getBytes(), 1, false));
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (link.stats().queued() != 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // until the three are handed to the connection, unacknowledged
            }
            assertEquals(0, link.stats().queued(), "sent to the frozen broker");
            Command.ok("kill", "-KILL", String.valueOf(broker.pid()));
            broker.restart();
            closeDead(acks);
            acks = new MqttTestClient(broker.url(), "central-acks", true, topics.ack());
            for (int i = 1; i <= 3; i++) {
                int n = i;
                acks.await(m -> m.payload().equals("{\"n\":" + n + "}"), WAIT);
            }
            assertTrue(link.isConnected(), link.stats().toString());
        } finally {
            closeDead(acks);
        }
    }

    /** Mosquitto saves its sessions every second (autosave_interval 1): waits for a save after {@code since}. */
    private void awaitSessionsSaved(long since) throws Exception {
        java.nio.file.Path db = broker.dir().resolve("mosquitto.db");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!(java.nio.file.Files.exists(db) && java.nio.file.Files.getLastModifiedTime(db).toMillis() > since + 10)) {
            assertTrue(System.nanoTime() < deadline, "the broker never saved its sessions to " + db);
            Thread.sleep(50); // polling a file the broker writes on its own timer
        }
    }

    private static void closeDead(MqttTestClient client) {
        try {
            client.close();
        } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
            // its broker was killed under it
        }
    }
}
