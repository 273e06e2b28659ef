package vn.communeradio.tests.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.command.CommandSigner;
import vn.communeradio.tests.support.Central;
import vn.communeradio.tests.support.ControlRoom;
import vn.communeradio.tests.support.LogWatcher;
import vn.communeradio.tests.support.MqttTestClient;
import vn.communeradio.tests.support.StationUnderTest;

/**
 * Schedules end to end: the packaged service, a real Mosquitto, signed {@code schedule} commands. One test runs on
 * the real clock, the proof that the system clock drives schedules: the occurrence plays while the broker is down
 * and its acks arrive once it is back. Elsewhere the station's clock is simulated
 * ({@code hal.clock=sim:...}) where a minute would otherwise be waited for; the time arithmetic itself is
 * unit-tested in the gateway with an injected clock.
 */
class ScheduleTest {

    static final ZoneId STATION_ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    static final String ACKS = Central.PREFIX + "/station/+/ack";
    static final String STATES = Central.PREFIX + "/station/+/state";

    @TempDir
    Path dir;

    ControlRoom room;
    StationUnderTest station;

    @BeforeEach
    void setUp() throws Exception {
        room = ControlRoom.start(dir);
        String id = ControlRoom.uniqueId("st");
        station = room.startOnline(room.station(id, dir.resolve(id), ""));
    }

    @AfterEach
    void tearDown() throws Exception {
        station.close();
        room.close();
    }

    Map<String, Object> put(CommandSigner key, Map<String, ?>... items) throws Exception {
        String jti = room.central().send(key, station.id(), "schedule", Map.of("op", "put", "items", List.of(items)));
        return room.central().awaitAck(station.id(), jti, "finished");
    }

    Map<String, Object> rejected(CommandSigner key, Map<String, ?> args) throws Exception {
        String jti = room.central().send(key, station.id(), "schedule", args);
        return room.central().awaitAck(station.id(), jti, "rejected");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> scheduleState() throws Exception {
        String jti = room.central().send(room.district(), station.id(), "ping", Map.of());
        Map<String, Object> state = (Map<String, Object>) room.central().awaitAck(station.id(), jti, "finished")
                .get("state");
        return (Map<String, Object>) state.get("schedule");
    }

    @Test
    void anItemPlaysWhileTheBrokerIsDownAndItsAcksArriveWhenItIsBack() throws Exception {
        // on the real clock, in a zone whose offset has seconds: its next local minute comes ~20 s from now, not
        // up to a minute later (the zone moves which instant is a minute, the system clock still drives the firing)
        station.close();
        ZoneOffset zone = ZoneOffset.ofHoursMinutesSeconds(7, 0,
                Math.floorMod(40 - ZonedDateTime.now(ZoneOffset.UTC).getSecond(), 60));
        station = room.startOnline(room.station(station.id(), dir.resolve(station.id()),
                "schedule.time_zone = " + zone.getId() + "\n"));
        String centralId = "central-" + UUID.randomUUID();
        MqttTestClient persistent = new MqttTestClient(room.broker().url(), centralId, true, ACKS, STATES);
        // the next minute boundary in the station's zone, with time left to send the item and stop the broker
        ZonedDateTime at = ZonedDateTime.now(zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        if (Duration.between(ZonedDateTime.now(zone), at).toSeconds() < 12) {
            at = at.plusMinutes(1);
        }
        LocalDate date = at.toLocalDate();
        String hhmm = String.format("%02d:%02d", at.getHour(), at.getMinute());
        put(room.district(),
                Map.of("id", "morning", "days", "daily", "at", hhmm, "source", "tone:660", "duration_s", 2));
        room.central().awaitState(station.id(), "\"next_item\":\"morning\"");
        String session = "sched:morning:" + date;

        room.broker().stop();
        station.process().awaitLine("item morning of " + date + " plays as session " + session,
                Duration.ofSeconds(90));
        station.process().awaitLine("scheduled session " + session + " finished", Duration.ofSeconds(10));
        // acks carry milliseconds: let the clock tick once, so that "acked before the broker came back" is strict
        long finishedSeen = System.currentTimeMillis();
        while (System.currentTimeMillis() <= finishedSeen) {
            Thread.onSpinWait();
        }
        long backAt = System.currentTimeMillis();
        room.broker().restart();
        persistent.close();
        persistent = new MqttTestClient(room.broker().url(), centralId, true, ACKS, STATES);
        try {
            String topic = Central.PREFIX + "/station/" + station.id() + "/ack";
            var started = Central.ack(persistent.await(m -> m.topic().equals(topic)
                    && m.payload().contains("\"id\":\"" + session + "\"")
                    && m.payload().contains("\"status\":\"started\""), Duration.ofSeconds(30)).payload());
            var finished = Central.ack(persistent.await(m -> m.topic().equals(topic)
                    && m.payload().contains("\"id\":\"" + session + "\"")
                    && m.payload().contains("\"status\":\"finished\""), Duration.ofSeconds(30)).payload());
            long startedTs = (Long) started.get("ts");
            assertTrue((Long) finished.get("ts") < backAt, "finished " + finished + ", broker back at " + backAt);
            assertTrue(startedTs >= at.toInstant().toEpochMilli(), "started before its time: " + started);
            assertTrue((Long) finished.get("ts") - startedTs >= 1900, "a 2 s item: " + started + " " + finished);
            long statuses = persistent.received().stream().filter(m -> m.topic().equals(topic)
                    && m.payload().contains("\"id\":\"" + session + "\"")).count();
            assertEquals(2, statuses, "started and finished once each: " + persistent.received());
        } finally {
            persistent.close();
        }
    }

    @Test
    void anOccurrencePassedWhileTheStationWasDownIsJournalledAsMissed() throws Exception {
        // the next minute boundary of the station's (real) clock, put as an item, then the station is off until
        // after it: started again on a clock that reads 3 s past it, beyond a late grace of 2 s
        ZonedDateTime at = ZonedDateTime.now(STATION_ZONE).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        if (Duration.between(ZonedDateTime.now(STATION_ZONE), at).toSeconds() < 5) {
            at = at.plusMinutes(1); // time to put the item and stop before it is due
        }
        String hhmm = String.format("%02d:%02d", at.getHour(), at.getMinute());
        put(room.district(), Map.of("id", "news", "days", "daily", "at", hhmm, "source", "tone:660", "duration_s", 2));
        assertEquals(143, station.stop());
        station = room.station(station.id(), dir.resolve(station.id()),
                "schedule.late_grace_s = 2\nhal.clock = sim:" + at.toInstant().plusSeconds(3) + "\n");
        try (LogWatcher log = new LogWatcher(room.broker().url(), station.id())) {
            station.start();
            Map<String, Object> record = log.awaitSeq(1, Duration.ofSeconds(30));
            assertEquals("sched:news:" + at.toLocalDate(), record.get("session"));
            assertEquals(record.get("session"), record.get("jti"));
            assertEquals("failed", record.get("outcome"));
            assertEquals("expired", record.get("code"));
            assertTrue(record.containsKey("started") && record.get("started") == null, record.toString());
            String reason = (String) record.get("reason");
            assertTrue(reason.startsWith("missed, not played: due " + at.toLocalDate() + " " + hhmm), reason);
            assertEquals(1L, scheduleState().get("missed"));
        }
    }

    @Test
    void theScheduleSurvivesAKillAndADamagedFileIsSetAside() throws Exception {
        Map<String, Object> ack = put(room.district(),
                Map.of("id", "news", "days", "daily", "at", "03:00", "source", "tone:440", "duration_s", 60),
                Map.of("id", "music", "days", List.of("sat", "sun"), "at", "17:30", "source",
                        "http://radio.example/music.mp3", "mode", "file", "priority", "low", "zones", List.of(2),
                        "volume", 40, "from", "2025-01-01", "until", "2099-12-31"));
        assertTrue(String.valueOf(ack.get("reason")).contains("2 item(s) stored"), ack.toString());
        station.process().kill();
        station.process().awaitExit(Duration.ofSeconds(20));
        station.start();
        Map<String, Object> schedule = scheduleState();
        assertEquals(2L, schedule.get("items"), schedule.toString());
        assertEquals(true, schedule.get("clock_trusted"), schedule.toString());
        assertEquals("Asia/Ho_Chi_Minh", schedule.get("time_zone"));
        assertTrue(schedule.get("next_at") instanceof Long, schedule.toString());

        assertEquals(143, station.stop(), "SIGTERM exit status");
        Path state = dir.resolve(station.id()).resolve("state");
        Files.writeString(state.resolve("schedule.json"), "{\"items\":[{\"id\":\"news\",\"days\":");
        station.start();
        station.process().awaitLine("schedule file .*schedule.json is damaged .* moved to .*schedule.json.damaged-",
                Duration.ofSeconds(10));
        assertEquals(0L, scheduleState().get("items"));
        try (Stream<Path> files = Files.list(state)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("schedule.json.damaged-")));
        }
    }

    @Test
    void anOrdinaryKeyCannotRemoveOrClearAnEmergencyItem() throws Exception {
        put(room.province(), Map.of("id", "siren", "days", "daily", "at", "11:00", "source", "tone:880", "priority",
                "emergency", "duration_s", 30));
        Map<String, Object> remove = rejected(room.district(), Map.of("op", "remove", "ids", List.of("siren")));
        assertEquals("forbidden", remove.get("code"));
        assertTrue(String.valueOf(remove.get("reason")).contains("siren"), remove.toString());
        assertEquals("forbidden", rejected(room.district(), Map.of("op", "clear")).get("code"));
        assertEquals(1L, scheduleState().get("items"));
        String clear = room.central().send(room.province(), station.id(), "schedule", Map.of("op", "clear"));
        assertTrue(String.valueOf(room.central().awaitAck(station.id(), clear, "finished").get("reason"))
                .contains("1 item(s) removed"));
        assertEquals(List.of("accepted", "finished"), room.central().statuses(clear));
        assertEquals(0L, scheduleState().get("items"));
    }
}
