package vn.communeradio.tests.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.hal.audio.Spectrum;
import vn.communeradio.hal.audio.WavFile;
import vn.communeradio.tests.support.Central;
import vn.communeradio.tests.support.ControlRoom;
import vn.communeradio.tests.support.Icecast;
import vn.communeradio.tests.support.IcecastSource;
import vn.communeradio.tests.support.IcecastSource.Format;
import vn.communeradio.tests.support.MqttTestClient;
import vn.communeradio.tests.support.StationUnderTest;

/**
 * Live streams from a real Icecast 2 server fed by a real source client (ffmpeg encoding in real time), an MP3 and
 * an Ogg/Opus mount, to the packaged service writing what its speakers get to a WAV file. Mid-session the encoder
 * dies (SIGKILL) and a new one logs in a few seconds later with another tone: Icecast drops its listeners and
 * answers 404 meanwhile; the station reconnects by itself, plays the new source on, and the session goes on until
 * stopped. Its log, acks and telemetry say so. The faults a real server never makes (garbage mid-stream, stalls,
 * drops mid-frame) are {@code StreamServer}'s, in {@link StreamPlaybackTest}.
 */
class IcecastStreamTest {

    static final int RATE = 48_000;
    static final double AMPLITUDE = 0.5;
    static final String P = Central.PREFIX;

    static ControlRoom room;
    static Icecast icecast;

    @TempDir
    Path dir;

    @AutoClose
    StationUnderTest station;

    @BeforeAll
    static void startParts(@TempDir Path shared) throws Exception {
        room = ControlRoom.start(shared);
        room.central().client().subscribe(P + "/station/+/telemetry");
        room.central().client().subscribe(P + "/station/+/log");
        icecast = Icecast.start();
    }

    @AfterAll
    static void stopParts() throws Exception {
        icecast.close();
        room.close();
    }

    @Test
    void anMp3MountPlaysOnAcrossItsEncoderRestarting() throws Exception {
        playsOnAcrossTheEncoderRestarting("/live.mp3", Format.MP3);
    }

    @Test
    void anOggOpusMountPlaysOnAcrossItsEncoderRestarting() throws Exception {
        playsOnAcrossTheEncoderRestarting("/live.opus", Format.OGG_OPUS);
    }

    private void playsOnAcrossTheEncoderRestarting(String mount, Format format) throws Exception {
        URI uri = icecast.listenUri(mount);
        String where = Pattern.quote(uri.toString());
        // the shipped jitter buffer (stream.buffer_ms): ffmpeg's Ogg muxer sends a page a second, which a 300 ms
        // buffer cannot ride out until it has grown
        station = room.stationOnWav("ice", dir, """
                stream.stall_s = 2
                stream.retry_window_s = 20
                stream.reconnect_max_s = 1
                telemetry.interval_s = 5
                """);
        String id = station.id();
        String jti;
        int dropped;
        try (IcecastSource first = IcecastSource.start(icecast, mount, format, 440, AMPLITUDE, dir)) {
            room.startOnline(station);
            jti = room.central().send(room.district(), id, "play", Map.of("source", uri.toString(), "volume", 100));
            room.central().awaitAck(id, jti, "started");
            station.process().awaitLine("source .*: playing " + where, Duration.ofSeconds(15));
            // not synchronisation: two seconds of the first encoder must reach the speakers to be measured below
            Thread.sleep(2_000);
            dropped = station.process().lineCount();
            first.crash();
        }
        // Icecast released its listener with the source; the station's reconnects find no mount (404) until the
        // next encoder logs in, and the session goes on meanwhile
        station.process().awaitLine("source .*" + where + ".*404", dropped, Duration.ofSeconds(15));
        long restarted;
        try (IcecastSource second = IcecastSource.start(icecast, mount, format, 880, AMPLITUDE, dir)) {
            station.process().awaitLine("source .*: playing " + where, dropped, Duration.ofSeconds(15));
            restarted = System.currentTimeMillis();
            // the second encoder reaches the speakers once the jitter buffer has refilled (800 ms, more once it grew
            // after the drop: a CI run measured the last second before the stop 1.4 dB low, part of it still the
            // gap), then plays on while telemetry reports the drop: 3 s leave the measured second inside its tone
            Map<String, Object> telemetry = room.central().awaitTelemetry(id, restarted + 3_000,
                    Duration.ofSeconds(15));
            assertTrue(Central.figure(telemetry, "streams", "drops") >= 1, telemetry.toString());
            assertTrue(Central.figure(telemetry, "streams", "connects") >= 3, "first, a 404 or more, then the "
                    + "second encoder: " + telemetry);
            String stop = room.central().send(room.district(), id, "stop", Map.of("session", jti));
            room.central().awaitAck(id, stop, "finished");
            Map<String, Object> end = room.central().awaitFinal(id, jti, Duration.ofSeconds(10));
            assertEquals("stopped", end.get("status"), "the encoder's restart did not end the session: " + end);
        }
        assertEquals(List.of("accepted", "started", "stopped"), room.central().statuses(jti));
        System.out.println(mount + ": what the station said about its source:\n" + station.process().stdout().lines()
                .filter(l -> l.contains("source ")).collect(Collectors.joining("\n")));
        MqttTestClient.Received record = room.central().client().await(m -> m.topic().equals(P + "/station/" + id
                + "/log") && m.payload().contains(jti), Duration.ofSeconds(10));
        assertTrue(record.payload().contains("\"outcome\":\"stopped\""), record.payload());

        // what the speakers got: the first tone, a gap while no source was there, the second tone to the stop
        assertEquals(143, station.stop());
        WavFile file = WavFile.read(station.speakers());
        assertEquals(RATE, file.sampleRate());
        for (int channel = 0; channel < 2; channel++) {
            float[] x = Spectrum.channel(file, channel);
            int first = Spectrum.firstAbove(x, 0.02);
            int last = Spectrum.lastAbove(x, 0.02);
            assertTrue(first >= 0, "the speakers got nothing audible");
            assertTone(x, first + RATE / 4, RATE / 2, 440, "the first encoder");
            assertTone(x, last - RATE, RATE / 2, 880, "the second encoder");
        }
    }

    private static void assertTone(float[] x, int from, int n, double hz, String what) {
        assertEquals(hz, Spectrum.strongest(x, from, n, RATE, 100, 4000), 2.0, what + ": frequency");
        assertEquals(20 * Math.log10(AMPLITUDE), 20 * Math.log10(Spectrum.amplitude(x, from, n, hz, RATE)), 1.0,
                what + ": level in dB");
    }
}
