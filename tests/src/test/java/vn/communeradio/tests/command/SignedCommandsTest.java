package vn.communeradio.tests.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.command.CommandSigner;
import vn.communeradio.tests.support.Central;
import vn.communeradio.tests.support.ControlRoom;
import vn.communeradio.tests.support.MqttTestClient;
import vn.communeradio.tests.support.SigningKeys;
import vn.communeradio.tests.support.StationUnderTest;

/**
 * The station side of PROTOCOL.md, end to end: the packaged service as a process, a real Mosquitto, commands
 * signed with Ed25519 keys made by the test. Every rejection path gives its code and leaves the station working.
 */
class SignedCommandsTest {

    static final Duration WAIT = Central.WAIT;

    @TempDir
    Path dir;

    ControlRoom room;
    CommandSigner district;
    CommandSigner province;
    CommandSigner admin;
    StationUnderTest station;

    @BeforeEach
    void setUp() throws Exception {
        room = ControlRoom.start(dir);
        district = room.district();
        province = room.province();
        admin = room.keys().create("admin");
        String id = ControlRoom.uniqueId("st");
        station = room.startOnline(room.station(id, dir.resolve(id), "station.groups = commune-x\n"));
    }

    @AfterEach
    void tearDown() throws Exception {
        station.close();
        room.close();
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    String send(CommandSigner key, String cmd, Map<String, ?> args) throws Exception {
        return room.central().send(key, station.id(), cmd, args);
    }

    /** Publishes a token (or anything) on this station's command topic. */
    void publish(String payload, boolean retained) throws Exception {
        room.central().publishTo("station/" + station.id(), payload, retained);
    }

    Map<String, Object> awaitAck(String jti, String status) throws InterruptedException {
        return room.central().awaitAck(station.id(), jti, status);
    }

    void awaitState(String fragment) throws InterruptedException {
        room.central().awaitState(station.id(), fragment);
    }

    /** The central's own client: every message it received, and awaits of any kind. */
    MqttTestClient client() {
        return room.central().client();
    }

    List<String> statuses(String jti) {
        return room.central().statuses(jti);
    }

    void assertRejected(String jti, String code, String reasonFragment) throws Exception {
        Map<String, Object> ack = room.central().awaitRejected(station.id(), jti, code, reasonFragment);
        assertEquals(station.id(), ack.get("station"));
        assertTrue(ack.get("ts") instanceof Long);
    }

    /** The station still answers and plays nothing. */
    void assertUnaffected() throws Exception {
        String jti = send(district, "ping", Map.of());
        Map<String, Object> finished = awaitAck(jti, "finished");
        @SuppressWarnings("unchecked")
        Map<String, Object> state = (Map<String, Object>) finished.get("state");
        assertEquals(null, state.get("playing"), state.toString());
        assertEquals(Map.of("amp", false, "zones", List.of(false, false)), state.get("relays"));
    }

    // --- accepted ------------------------------------------------------------------------------------------------

    @Test
    void pingIsAcceptedThenFinishedWithTheState() throws Exception {
        String jti = send(district, "ping", Map.of());
        Map<String, Object> finished = awaitAck(jti, "finished");
        assertEquals(List.of("accepted", "finished"), statuses(jti));
        @SuppressWarnings("unchecked")
        Map<String, Object> state = (Map<String, Object>) finished.get("state");
        assertEquals(station.id(), state.get("station"));
        assertEquals(true, state.get("online"));
        assertEquals(true, state.get("clock_synced"));
        assertEquals(70L, state.get("volume"));
    }

    @Test
    void playOfATestToneIsAckedInOrderAndSwitchesTheRelays() throws Exception {
        String jti = send(district, "play", Map.of("source", "tone:1000", "duration_s", 1, "zones", List.of(2)));
        awaitAck(jti, "started");
        // amplifier first, then only the requested zone
        awaitState("\"session\":\"" + jti + "\"");
        client().await(m -> m.topic().endsWith("/state") && m.payload().contains("\"session\":\"" + jti + "\"")
                && m.payload().contains("\"relays\":{\"amp\":true,\"zones\":[false,true]}"), WAIT);
        Map<String, Object> finished = awaitAck(jti, "finished");
        assertEquals(jti, finished.get("session"));
        assertEquals(List.of("accepted", "started", "finished"), statuses(jti));
        // zones off at the end, amplifier off after the idle hold
        awaitState("\"relays\":{\"amp\":false,\"zones\":[false,false]}");
    }

    @Test
    void emergencyPreemptsAndTheNormalSessionResumes() throws Exception {
        String normal = send(district, "play", Map.of("source", "tone:440"));
        awaitAck(normal, "started");
        String emergency = send(province, "play", Map.of("source", "tone:880", "priority", "emergency",
                "duration_s", 1));
        awaitAck(normal, "preempted");
        awaitAck(emergency, "started");
        // an ordinary key cannot silence an emergency
        String stop = send(district, "stop", Map.of("session", emergency));
        assertRejected(stop, "forbidden", "session " + emergency + " is emergency");
        awaitAck(emergency, "finished");
        client().await(m -> m.topic().endsWith("/ack") && m.payload().contains("\"id\":\"" + normal + "\"")
                && m.payload().contains("\"status\":\"started\"") && m.payload().contains("\"resumed\":true"), WAIT);
        String stopAll = send(district, "stop", Map.of());
        awaitAck(stopAll, "finished");
        awaitAck(normal, "stopped");
        assertEquals(List.of("accepted", "started", "preempted", "started", "stopped"), statuses(normal));
    }

    // --- rejected ------------------------------------------------------------------------------------------------

    @Test
    void badSignature() throws Exception {
        long now = Instant.now().getEpochSecond();
        String good = Central.token(district, "c-bad-sig", "station/" + station.id(), now, now + 60, "ping", Map.of());
        char last = good.charAt(good.length() - 2);
        String tampered = good.substring(0, good.length() - 2) + (last == 'A' ? 'B' : 'A') + good.charAt(good.length() - 1);
        publish(tampered, false);
        assertRejected("c-bad-sig", "bad_signature", "district");
        assertUnaffected();
    }

    @Test
    void unknownKey() throws Exception {
        String jti = send(SigningKeys.stranger("nobody"), "play", Map.of("source", "tone:1000"));
        assertRejected(jti, "unknown_key", "nobody");
        assertUnaffected();
    }

    @Test
    void expiredAndNotYetValid() throws Exception {
        long now = Instant.now().getEpochSecond();
        publish(Central.token(district, "c-old", "station/" + station.id(), now - 600,
                now - 300, "play", Map.of("source", "tone:1000")), false);
        assertRejected("c-old", "expired", "");
        publish(Central.token(district, "c-future", "station/" + station.id(), now + 600,
                now + 900, "play", Map.of("source", "tone:1000")), false);
        assertRejected("c-future", "not_yet_valid", "");
        assertUnaffected();
    }

    @Test
    void aCommandForAnotherStationReplayedOnThisTopicIsWrongTarget() throws Exception {
        long now = Instant.now().getEpochSecond();
        publish(Central.token(district, "c-for-b", "station/other-station", now, now + 60,
                "play", Map.of("source", "tone:1000")), false);
        assertRejected("c-for-b", "wrong_target", "station/other-station");
        assertUnaffected();
    }

    @Test
    void replayIsRejectedAlsoAfterARestart() throws Exception {
        long now = Instant.now().getEpochSecond();
        String once = Central.token(district, "c-once", "station/" + station.id(), now, now + 300, "ping", Map.of());
        publish(once, false);
        awaitAck("c-once", "finished");
        publish(once, false);
        assertRejected("c-once", "replay", "");
        assertEquals(143, station.stop());
        station.start();
        publish(once, false);
        client().await(m -> m.topic().endsWith("/ack") && m.payload().contains("\"id\":\"c-once\"")
                && Central.ack(m.payload()).get("status").equals("rejected")
                && client().received().stream().filter(r -> r.payload().contains("\"code\":\"replay\"")).count() >= 2,
                WAIT);
        assertUnaffected();
    }

    @Test
    void retainedCommandIsNeverExecuted() throws Exception {
        long now = Instant.now().getEpochSecond();
        String retained = Central.token(district, "c-retained", "station/" + station.id(), now, now + 300, "play",
                Map.of("source", "tone:1000"));
        publish(retained, true);
        assertRejected("c-retained", "retained", "");
        assertUnaffected();
        publish("", true); // clear it from the broker
    }

    @Test
    void malformedUnsupportedAndBadArguments() throws Exception {
        publish("{\"cmd\":\"play\"}", false);
        Map<String, Object> notJws = client().await(m -> m.topic().endsWith("/ack")
                && m.payload().contains("\"code\":\"malformed\"") && m.payload().contains("\"id\":null"), WAIT)
                .payload().transform(Central::ack);
        assertEquals("rejected", notJws.get("status"));

        String unknown = send(district, "reboot", Map.of());
        assertRejected(unknown, "unsupported", "reboot");

        String badVolume = send(district, "volume", Map.of("level", 150));
        assertRejected(badVolume, "malformed", "level");

        String badSource = send(district, "play", Map.of("source", "ftp://x/a.mp3"));
        assertRejected(badSource, "malformed", "source");
        assertUnaffected();
    }

    @Test
    void emergencyFromAnOrdinaryKeyIsForbidden() throws Exception {
        String jti = send(district, "play", Map.of("source", "tone:1000", "priority", "emergency"));
        assertRejected(jti, "forbidden", "district");
        assertUnaffected();
    }

    @Test
    void volumeIsPersistedAcrossARestart() throws Exception {
        String jti = send(district, "volume", Map.of("level", 35));
        awaitAck(jti, "finished");
        assertEquals(143, station.stop());
        station.start();
        awaitState("\"volume\":35");
    }

    // --- keys ----------------------------------------------------------------------------------------------------

    @Test
    void revokedKeyIsRejectedAndOnlyAdminKeysManageKeys() throws Exception {
        String notAdmin = send(district, "keys", Map.of("op", "revoke", "kid", "province"));
        assertRejected(notAdmin, "forbidden", "district");

        String revoke = send(admin, "keys", Map.of("op", "revoke", "kid", "district"));
        awaitAck(revoke, "finished");
        String afterRevoke = send(district, "ping", Map.of());
        assertRejected(afterRevoke, "unknown_key", "district");

        // add a new key at run time, allowed up to high
        java.security.KeyPair pair = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        CommandSigner fresh = new CommandSigner("field-tech", pair.getPrivate());
        String add = send(admin, "keys", Map.of("op", "add", "kid", "field-tech", "max_priority", "high",
                "pem", vn.communeradio.gateway.command.Pem.write(pair.getPublic())));
        awaitAck(add, "finished");
        String ping = send(fresh, "ping", Map.of());
        awaitAck(ping, "finished");
    }

    // --- clock ---------------------------------------------------------------------------------------------------

    @Test
    void withAnUnsynchronisedClockACommandFromTheFutureIsAcceptedAndTheStateSaysSo() throws Exception {
        station.close();
        station = room.station(station.id() + "-u", dir.resolve("unsynced"),
                "clock.sync_marker = " + dir.resolve("no-such-marker") + "\n");
        station.start();
        awaitState("\"clock_synced\":false");
        // the board's clock is "a day behind": a fresh command looks issued a day in the future
        long boardNow = Instant.now().getEpochSecond();
        publish(Central.token(province, "c-late-clock", "station/" + station.id(),
                boardNow + 86_400, boardNow + 86_400 + 60, "play",
                Map.of("source", "tone:1000", "priority", "emergency", "duration_s", 1)), false);
        awaitAck("c-late-clock", "started");
        awaitAck("c-late-clock", "finished");
        // and the floor moved: a command that expired before that one's iat is refused
        publish(Central.token(province, "c-stale", "station/" + station.id(),
                boardNow, boardNow + 120, "ping", Map.of()), false);
        assertRejected("c-stale", "expired", "");
    }
}
