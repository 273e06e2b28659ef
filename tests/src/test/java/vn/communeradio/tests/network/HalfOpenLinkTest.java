package vn.communeradio.tests.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.command.CommandSigner;
import vn.communeradio.tests.support.CellularLink;
import vn.communeradio.tests.support.Central;
import vn.communeradio.tests.support.Mosquitto;
import vn.communeradio.tests.support.SigningKeys;
import vn.communeradio.tests.support.StationUnderTest;

/**
 * A station that still hears the broker but is no longer heard (a one-way cut at a cell's edge): it receives and
 * executes commands whose acknowledgements never reach the broker, the broker declares it gone, and when the
 * uplink returns the broker delivers those commands again from the persistent session. The station must come back
 * online, refuse the second copies as replays, answer the first ones, and stay connected. Deterministic: this is
 * how the reconnect loop that {@link CellularLinkTest} ran into now and then was pinned down.
 */
class HalfOpenLinkTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    /**
     * Two acks each: as many as the station keeps in flight (16). No more: without ACKs from the station, TCP
     * sends only its initial window (10 segments, about one command each) and then nothing new.
     */
    static final int COMMANDS = 8;

    /**
     * The province broker example (packaging/examples/mosquitto) allows no topic aliases (docs/broker.md).
     */
    static final String EXAMPLE_BROKER = "max_topic_alias 0\n";

    @TempDir
    Path dir;

    @Test
    void commandsExecutedWhileUnheardComeAgainAsReplaysAndTheStationStaysConnected() throws Exception {
        unheardThenBack(EXAMPLE_BROKER);
    }

    /**
     * The same with Mosquitto's default (10 topic aliases per client). When Paho resent the in-flight messages
     * itself, alias-only as they were on the dead connection (paho.mqtt.java issue 1104), every reconnect ended
     * at once in "protocol error" and the station never came back online (docs/reliability.md).
     */
    @Test
    void theSameWithABrokerThatAllowsTopicAliases() throws Exception {
        unheardThenBack("");
    }

    private void unheardThenBack(String brokerConfig) throws Exception {
        try (Mosquitto broker = Mosquitto.start("log_type all\n" + brokerConfig);
             CellularLink link = CellularLink.create(new CellularLink.Profile(Duration.ofMillis(20), Duration.ZERO, 0),
                     3);
             Central central = new Central(broker.url())) {
            SigningKeys keys = new SigningKeys(dir.resolve("keys"));
            CommandSigner district = keys.create("district");
            InetSocketAddress relay = link.relayTo(new InetSocketAddress("127.0.0.1", broker.port()));
            try (StationUnderTest station = new StationUnderTest("edge-1", dir.resolve("edge-1"),
                    "tcp://" + relay.getAddress().getHostAddress() + ":" + relay.getPort(), keys.dir(), "")) {
                station.start(Map.of(), link.launcher());
                central.awaitState(station.id(), "\"online\":true");
                // one command answered before the cut: the ack topic is known on this connection (a topic alias)
                central.awaitAck(station.id(), central.send(district, station.id(), "ping", Map.of()), "finished");
                try {
                    link.blackout(true, CellularLink.Way.FROM_STATION);
                    List<String> pings = new ArrayList<>();
                    // at once: once TCP's retransmission timer fires without ACKs it sends nothing new either way
                    for (int i = 0; i < COMMANDS; i++) {
                        pings.add(central.sendTo(district, "station/" + station.id(), "ping", Map.of(),
                                Duration.ofMinutes(5)));
                    }
                    for (String jti : pings) {
                        station.process().awaitLine("command " + jti + " ping", WAIT);
                    }
                    // keepalive 5 s: the broker gives up on the unheard station after 7.5 s (its Last Will)
                    central.awaitState(station.id(), "\"online\":false");
                    int gone = central.client().count();
                    link.blackout(false);
                    central.awaitState(station.id(), "\"online\":true", gone, WAIT);
                    for (String jti : pings) {
                        central.awaitAck(station.id(), jti, "finished", WAIT);
                        assertEquals("replay", central.awaitAck(station.id(), jti, "rejected", WAIT).get("code"));
                    }
                    int lines = station.process().lineCount();
                    String after = central.send(district, station.id(), "ping", Map.of());
                    central.awaitAck(station.id(), after, "finished", WAIT);
                    assertEquals(-1, station.process().stdout().lines().skip(lines)
                            .filter(l -> l.contains("Connection lost") || l.contains("disconnected us"))
                            .map(l -> 0).findFirst().orElse(-1), "stays connected:\n" + station.process().stdout());
                } catch (Exception | AssertionError e) {
                    System.out.println("service log:\n" + station.process().stdout() + "\nbroker log:\n" + broker.log());
                    throw e;
                }
            }
        }
    }
}
