package vn.communeradio.tests.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.hal.audio.SimulatedPath;
import vn.communeradio.hal.audio.Spectrum;
import vn.communeradio.hal.audio.WavFile;
import vn.communeradio.tests.support.Central;
import vn.communeradio.tests.support.ControlRoom;
import vn.communeradio.tests.support.MqttTestClient;
import vn.communeradio.tests.support.SerialConsole;
import vn.communeradio.tests.support.StationUnderTest;

/**
 * The line input on air (issue 17, {@code input:line}), end to end: the packaged service with the simulated input
 * (its line a 700 Hz tone at −12 dBFS) and its WAV sink (what the speakers get), a real Mosquitto, signed commands,
 * the console on a real pty. A signed play puts the line on air for its duration; an emergency preempts it and it
 * comes back; a station without a line refuses it; the console's announce starts and ends a local announcement,
 * logged with origin local.
 */
class LineInputTest {

    static final int RATE = 48_000;
    static final double LINE_HZ = 700;
    static final Duration WAIT = Duration.ofSeconds(20);

    @AutoClose
    static ControlRoom room;

    @TempDir
    Path dir;

    @AutoClose
    StationUnderTest station;

    @BeforeAll
    static void startRoom(@TempDir Path shared) throws Exception {
        room = ControlRoom.start(shared);
    }

    private void startStation(String extra) throws Exception {
        station = room.startOnline(room.stationOnWav("ln", dir, "playback.default_volume = 100\n" + extra));
    }

    private void startStationWithLine() throws Exception {
        startStation("""
                hal.audio_in = sim
                audio.line_channel = 1
                hal.sim.line = tone:%d
                """.formatted((int) LINE_HZ));
    }

    /** A station with the line, which a district's play puts on air for {@code seconds}: its jti, once started. */
    private String lineOnAir(int seconds) throws Exception {
        startStationWithLine();
        String jti = room.central().send(room.district(), station.id(), "play",
                Map.of("source", "input:line", "duration_s", seconds));
        room.central().awaitAck(station.id(), jti, "started");
        return jti;
    }

    /** Stops the service cleanly (the WAV header is then exact) and returns the left channel. */
    private float[] speakers() throws Exception {
        assertEquals(143, station.stop());
        WavFile file = WavFile.read(station.speakers());
        assertEquals(RATE, file.sampleRate());
        return Spectrum.channel(file, 0);
    }

    @Test
    void aSignedPlayOfTheLinePutsItOnAirForItsDuration() throws Exception {
        String jti = lineOnAir(3);
        Map<String, Object> end = room.central().awaitFinal(station.id(), jti, WAIT);
        assertEquals("finished", end.get("status"), end.toString());
        assertEquals(List.of("accepted", "started", "finished"), room.central().statuses(jti));
        assertEquals(3.0, ((Number) end.get("audio_s")).doubleValue(), 0.15, "audio_s: its seconds on air " + end);

        float[] left = speakers();
        int first = Spectrum.firstAbove(left, 0.02);
        int last = Spectrum.lastAbove(left, 0.02);
        assertTrue(first >= 0, "the speakers got nothing audible");
        double seconds = (last - first) / (double) RATE;
        // its time counts from the request; the zones open straight away (no warm-up) and the fades are 25 ms
        assertEquals(3.0, seconds, 0.1, "on air for its duration_s");
        int middle = (first + last) / 2;
        assertEquals(LINE_HZ, Spectrum.strongest(left, middle - RATE / 2, RATE, RATE, 100, 4000), 2.0, "the line");
        assertEquals(20 * Math.log10(SimulatedPath.LINE_TONE_PEAK),
                20 * Math.log10(Spectrum.amplitude(left, middle - RATE / 2, RATE, LINE_HZ, RATE)), 1.0,
                "the line's level at volume 100");
    }

    @Test
    void anEmergencyPreemptsTheLineWhichComesBackAfterIt() throws Exception {
        String line = lineOnAir(30);
        String flood = room.central().send(room.province(), station.id(), "play",
                Map.of("source", "tone:1000", "priority", "emergency", "duration_s", 2));
        room.central().awaitAck(station.id(), line, "preempted");
        assertEquals("finished", room.central().awaitFinal(station.id(), flood, WAIT).get("status"));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (room.central().statuses(line).size() < 4 && System.nanoTime() < deadline) {
            Thread.sleep(20); // poll interval of a condition with a deadline: its second started
        }
        assertEquals(List.of("accepted", "started", "preempted", "started"), room.central().statuses(line), "resumed");
        String stop = room.central().send(room.district(), station.id(), "stop", Map.of("session", line));
        room.central().awaitAck(station.id(), stop, "finished");
        room.central().awaitAck(station.id(), line, "stopped", WAIT);
        assertEquals(List.of("accepted", "started", "preempted", "started", "stopped"), room.central().statuses(line));
    }

    @Test
    void aStationWithoutALineInputRefusesItUnsupported() throws Exception {
        startStation("");
        String jti = room.central().send(room.district(), station.id(), "play", Map.of("source", "input:line"));
        Map<String, Object> ack = room.central().awaitAck(station.id(), jti, "rejected");
        assertEquals("unsupported", ack.get("code"), ack.toString());
        assertTrue(String.valueOf(ack.get("reason")).contains("no line input (audio.line_channel is 0"),
                ack.toString());
    }

    @Test
    void theConsoleAnnouncesOverTheLineAndEndsItLoggedAsLocal() throws Exception {
        startStationWithLine();
        String prompt = station.id() + "> ";
        try (MqttTestClient logTopic = new MqttTestClient(room.broker().url(),
                Central.PREFIX + "/station/" + station.id() + "/log");
             SerialConsole terminal = SerialConsole.open(dir, "--config", station.config().toString())) {
            terminal.await(prompt, WAIT);
            terminal.type("announce start");
            String started = terminal.await(prompt, WAIT);
            assertTrue(started.contains("on air: the line input at high priority on every zone until 'announce "
                    + "stop' (session local-"), started);
            String session = started.replaceAll("(?s).*\\(session (local-[0-9-]+)\\).*", "$1");
            room.central().awaitState(station.id(), "\"session\":\"" + session + "\"");

            terminal.type("announce start");
            assertTrue(terminal.await(prompt, WAIT).contains("an announcement is already on (session " + session),
                    "one at a time");
            Thread.sleep(2_000); // on air for a while: the measured interval
            terminal.type("announce stop");
            assertTrue(terminal.await(prompt, WAIT).contains("announcement " + session + " ended"));
            assertEquals("finished", room.central().awaitFinal(station.id(), session, WAIT).get("status"));
            MqttTestClient.Received record = logTopic.await(m -> m.payload().contains("\"session\":\"" + session
                    + "\""), WAIT);
            assertTrue(record.payload().contains("\"source\":\"input:line\"")
                    && record.payload().contains("\"outcome\":\"finished\"")
                    && record.payload().contains("\"origin\":\"local\""), record.payload());

            terminal.type("announce stop");
            assertTrue(terminal.await(prompt, WAIT).contains("no local announcement is on"));
            terminal.type("exit");
            assertEquals(0, terminal.awaitExit(WAIT));
        }
        float[] left = speakers();
        int first = Spectrum.firstAbove(left, 0.02);
        int last = Spectrum.lastAbove(left, 0.02);
        assertTrue(first >= 0 && (last - first) / (double) RATE >= 2.0, "the announcement was heard");
        assertEquals(LINE_HZ, Spectrum.strongest(left, first + RATE / 10, RATE, RATE, 100, 4000), 2.0);
    }
}
