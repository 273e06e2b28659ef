package vn.communeradio.gateway.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.communeradio.gateway.link.LinkStats;
import vn.communeradio.gateway.playback.StreamStats;
import vn.communeradio.hal.audio.AudioOutputStats;
import vn.communeradio.hal.sensor.BoardReadings;

/** The station's status in one vocabulary: the log line says what the console and telemetry say. */
class StationStatusTest {

    static StationStatus status(Map<String, Object> state, AudioOutputStats audio, boolean started) {
        return new StationStatus("bk-0001", 42, state, "buffer 800/800 ms", "wav:/tmp/x.wav (48000 Hz)", audio, started,
                new StreamStats.Snapshot(3, 1, 0, 0, 2, 1, 800), 40, 870, 0.0,
                new LinkStats(false, "MQTT broker 10.0.0.5:1883 unreachable: connection refused", 2, 5, 0, 14),
                new BoardReadings(51.24, 0.314, 612_000, 86_400), 0, 1, 12);
    }

    @Test
    void theLogLineSaysItAll() {
        Map<String, Object> state = Map.of("playing", Map.of("session", "s1", "priority", "normal"),
                "relays", Map.of("amp", true, "zones", List.of(true, false)), "inputs", Map.of("door", false));
        StationStatus s = status(state, new AudioOutputStats(true, 168_750, 0, 0, 0, 3, "the audio renderer failed"),
                true);
        assertEquals("status: station bk-0001 playing s1 (normal), buffer 800/800 ms; relays amp=on zone1=on "
                + "zone2=off; inputs door=inactive; audio running, 168750 periods, 0 xruns, 0 reconnects, 3 render "
                + "failures (the audio renderer failed); streams 3 connects, 1 drops, 0 failovers, 0 decode errors, 2 "
                + "underruns; callback p99 40 us, max 870 us; mqtt disconnected (MQTT broker 10.0.0.5:1883 "
                + "unreachable: connection refused), 14 command(s) received, 5 queued, 0 dropped; board 51.2 C, load "
                + "0.31; uptime 42 s; control last turn 12 ms ago, 0 refused, 1 failed task(s)", s.logLine());
    }

    @Test
    void anOutputThatStoppedIsStoppedInEveryReport() {
        AudioOutputStats gone = new AudioOutputStats(false, 10, 0, 0, 0, 0, null);
        assertEquals("stopped, 10 periods, 0 xruns, 0 reconnects", status(Map.of(), gone, true).audioState());
        assertEquals("not started, 10 periods, 0 xruns, 0 reconnects", status(Map.of(), gone, false).audioState());
        assertEquals("idle", status(Map.of(), gone, true).playing());
        assertEquals("none configured", status(Map.of(), gone, true).inputs());
        assertEquals("unknown", status(Map.of(), gone, true).relays());
    }
}
