package vn.communeradio.gateway.station;

import java.util.LinkedHashMap;
import java.util.Map;
import vn.communeradio.gateway.Version;
import vn.communeradio.gateway.audio.Mixer;
import vn.communeradio.gateway.command.CommandVerifier;
import vn.communeradio.gateway.command.RejectCode;
import vn.communeradio.gateway.control.ControlLoop;
import vn.communeradio.gateway.link.LinkStats;
import vn.communeradio.gateway.playback.StreamStats;
import vn.communeradio.hal.audio.AudioOutputStats;
import vn.communeradio.hal.sensor.BoardReadings;

/** The periodic health message (PROTOCOL.md {@code telemetry} topic): board, audio, streams, link, commands, inputs. */
final class Telemetry {

    private Telemetry() {
    }

    static Map<String, Object> of(String stationId, long nowMillis, long uptimeSeconds, BoardReadings board,
                                  AudioOutputStats audio, Mixer mixer, StreamStats.Snapshot streams, LinkStats link,
                                  CommandVerifier commands, Map<String, Boolean> inputs, ControlLoop loop) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("station", stationId);
        t.put("ts", nowMillis);
        t.put("version", Version.running());
        t.put("uptime_s", uptimeSeconds);

        Map<String, Object> b = new LinkedHashMap<>();
        b.put("cpu_temp_c", rounded(board.cpuTemperatureC(), 10));
        b.put("load1", rounded(board.load1(), 100));
        b.put("mem_available_kb", board.memAvailableKb());
        b.put("uptime_s", board.uptimeSeconds());
        Runtime jvm = Runtime.getRuntime();
        b.put("heap_used_kb", (jvm.totalMemory() - jvm.freeMemory()) / 1024);
        b.put("heap_max_kb", jvm.maxMemory() / 1024);
        t.put("board", b);

        Map<String, Object> a = new LinkedHashMap<>();
        a.put("running", audio.running());
        a.put("callbacks", audio.callbacks());
        a.put("xruns", audio.xruns());
        a.put("reconnects", audio.reconnects());
        a.put("render_failures", audio.renderFailures());
        a.put("callback_p99_us", mixer.timer().percentileNanos(0.99) / 1000);
        a.put("callback_max_us", mixer.timer().maxNanos() / 1000);
        a.put("limiter_db", rounded(mixer.limiterReductionDb(), 10));
        a.put("error", audio.lastError());
        t.put("audio", a);

        Map<String, Object> s = new LinkedHashMap<>();
        s.put("connects", streams.connects());
        s.put("drops", streams.drops());
        s.put("failovers", streams.failovers());
        s.put("decode_errors", streams.decodeErrors());
        s.put("underruns", streams.underruns());
        s.put("resyncs", streams.resyncs());
        s.put("buffer_target_ms", streams.bufferTargetMs());
        t.put("streams", s);

        Map<String, Object> l = new LinkedHashMap<>();
        l.put("connects", link.connects());
        l.put("received", link.received());
        l.put("queued", link.queued());
        l.put("dropped", link.dropped());
        t.put("mqtt", l);

        // every code, zeros included: a flood or a misconfigured sender shows as one counter climbing
        Map<String, Object> rejected = new LinkedHashMap<>();
        for (RejectCode code : RejectCode.values()) {
            rejected.put(code.wire(), commands.rejectedCount(code));
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("accepted", commands.acceptedCount());
        c.put("rejected", rejected);
        t.put("commands", c);

        t.put("inputs", inputs);
        t.put("control", Map.of("refused", loop.refused(), "failures", loop.failures()));
        return t;
    }

    /** Rounded to 1/{@code scale}; null when the board cannot tell (NaN), as JSON has no NaN. */
    private static Double rounded(double value, int scale) {
        return Double.isFinite(value) ? Math.round(value * scale) / (double) scale : null;
    }
}
