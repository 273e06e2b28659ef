package vn.communeradio.tests.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.tests.support.Central;
import vn.communeradio.tests.support.ControlRoom;
import vn.communeradio.tests.support.MqttTestClient;
import vn.communeradio.tests.support.RunsAlone;
import vn.communeradio.tests.support.StationUnderTest;

/** Station processes on a real broker: group fan-out, offline delivery, broker restarts, death. */
@RunsAlone
class StationLinkTest {

    static final String PREFIX = Central.PREFIX;
    static final Duration WAIT = Central.WAIT;

    @TempDir
    Path dir;

    ControlRoom room;
    MqttTestClient central;

    @BeforeEach
    void setUp() throws Exception {
        room = ControlRoom.start(dir);
        central = room.central().client();
    }

    @AfterEach
    void tearDown() throws Exception {
        room.close();
    }

    private StationUnderTest station(String id, String groups) throws Exception {
        return room.station(id, dir.resolve(id), "station.groups = " + groups + "\n");
    }

    private String publish(String target, String jti, String cmd) throws Exception {
        long now = Instant.now().getEpochSecond();
        room.central().publishTo(target, Central.token(room.district(), jti, target, now, now + 300, cmd, Map.of()),
                false);
        return jti;
    }

    private long acks(String jti, String status) {
        return central.received().stream().filter(m -> m.topic().endsWith("/ack")
                && m.payload().contains("\"id\":\"" + jti + "\"") && m.payload().contains("\"status\":\"" + status + "\""))
                .count();
    }

    @Test
    void aGroupCommandReachesEveryStationOfTheGroupAndNoOther() throws Exception {
        try (StationUnderTest a = station("grp-a", "commune-1, district-9").start();
             StationUnderTest b = station("grp-b", "commune-1").start();
             StationUnderTest c = station("grp-c", "commune-2").start()) {
            for (String id : new String[] {"grp-a", "grp-b", "grp-c"}) {
                central.await(m -> m.topic().equals(PREFIX + "/station/" + id + "/state")
                        && m.payload().contains("\"online\":true"), WAIT);
            }
            publish("group/commune-1", "g-ping", "ping");
            Set<String> answered = new TreeSet<>();
            for (int i = 0; i < 2; i++) {
                String topic = central.await(m -> m.topic().endsWith("/ack") && m.payload().contains("\"id\":\"g-ping\"")
                        && m.payload().contains("finished") && !answered.contains(m.topic()), WAIT).topic();
                answered.add(topic);
            }
            assertEquals(Set.of(PREFIX + "/station/grp-a/ack", PREFIX + "/station/grp-b/ack"), answered);
            // grp-c is still online and answers its own commands, so silence on g-ping was not a crash
            publish("station/grp-c", "c-ping", "ping");
            central.await(m -> m.topic().equals(PREFIX + "/station/grp-c/ack") && m.payload().contains("c-ping"), WAIT);
            assertEquals(0, central.received().stream().filter(m -> m.topic().contains("grp-c")
                    && m.payload().contains("g-ping")).count());
        }
    }

    @Test
    void overMqtt311CommandsAndStateWorkTheSame() throws Exception {
        try (StationUnderTest s = room.station("v3-1", dir.resolve("v3-1"), "mqtt.version = 3\n").start()) {
            central.await(m -> m.topic().endsWith("v3-1/state") && m.payload().contains("\"online\":true"), WAIT);
            publish("station/v3-1", "v3-ping", "ping");
            central.await(m -> m.payload().contains("\"id\":\"v3-ping\"") && m.payload().contains("finished"), WAIT);
            s.process().kill();
            central.await(m -> m.topic().endsWith("v3-1/state") && m.payload().contains("\"online\":false"), WAIT);
        }
    }

    @Test
    void aCommandPublishedWhileTheStationWasOfflineIsExecutedOnceOnReturn() throws Exception {
        try (StationUnderTest s = station("off-1", "").start()) {
            central.await(m -> m.topic().endsWith("off-1/state") && m.payload().contains("\"online\":true"), WAIT);
            assertEquals(143, s.stop());
            central.await(m -> m.topic().endsWith("off-1/state") && m.payload().contains("\"online\":false"), WAIT);
            publish("station/off-1", "while-off", "ping");
            s.start();
            central.await(m -> m.payload().contains("\"id\":\"while-off\"") && m.payload().contains("finished"), WAIT);
            // a later command proves the station went on; the queued one ran exactly once
            publish("station/off-1", "after", "ping");
            central.await(m -> m.payload().contains("\"id\":\"after\"") && m.payload().contains("finished"), WAIT);
            assertEquals(1, acks("while-off", "accepted"));
        }
    }

    @Test
    void afterABrokerRestartTheStationReconnectsAndRepublishesItsState() throws Exception {
        try (StationUnderTest s = station("rb-1", "").start()) {
            central.await(m -> m.topic().endsWith("rb-1/state") && m.payload().contains("\"online\":true"), WAIT);
            room.broker().restart();
            room = room.withNewCentral();
            central = room.central().client();
            s.process().awaitLine("MQTT broker .* connected again after", WAIT);
            MqttTestClient watcher = new MqttTestClient(room.broker().url(), PREFIX + "/station/rb-1/state");
            try {
                // retained and fresh: published after the reconnect
                watcher.await(m -> m.payload().contains("\"online\":true"), WAIT);
            } catch (AssertionError e) {
                throw new AssertionError("station log:\n" + s.process().stdout() + "\nbroker log:\n"
                        + room.broker().log(), e);
            } finally {
                watcher.close();
            }
            publish("station/rb-1", "after-restart", "ping");
            central.await(m -> m.payload().contains("\"id\":\"after-restart\"") && m.payload().contains("finished"), WAIT);
        }
    }

    @Test
    void aKilledStationIsShownOfflineByItsLastWillWithinOneAndAHalfKeepalives() throws Exception {
        try (StationUnderTest s = station("lwt-1", "").start()) {
            central.await(m -> m.topic().endsWith("lwt-1/state") && m.payload().contains("\"online\":true"), WAIT);
            long killed = System.nanoTime();
            s.process().kill();
            MqttTestClient.Received will = central.await(m -> m.topic().endsWith("lwt-1/state")
                    && m.payload().contains("\"online\":false"), Duration.ofMillis(7_500)); // keepalive 5 s × 1.5
            double seconds = (System.nanoTime() - killed) / 1e9;
            assertTrue(will.payload().startsWith("{\"station\":\"lwt-1\",\"online\":false"), will.payload());
            assertTrue(seconds < 7.5, "Last Will after " + seconds + " s");
        }
    }
}
