package vn.communeradio.gateway.status;

import java.util.LinkedHashMap;
import java.util.Map;
import vn.communeradio.gateway.Version;
import vn.communeradio.gateway.command.CommandVerifier;
import vn.communeradio.gateway.command.RejectCode;
import vn.communeradio.hal.audio.AudioOutputStats;
import vn.communeradio.hal.sensor.BoardReadings;

/** The periodic health message (PROTOCOL.md {@code telemetry} topic): board, audio, streams, link, commands, inputs. */
public final class Telemetry {

    private Telemetry() {
    }

    /** The message for {@code status}, sent at {@code nowMillis}, with the verifier's counts of commands. */
    public static Map<String, Object> of(StationStatus status, long nowMillis, CommandVerifier commands) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("station", status.station());
        t.put("ts", nowMillis);
        t.put("version", Version.running());
        t.put("uptime_s", status.uptimeSeconds());

        BoardReadings board = status.boardReadings();
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("cpu_temp_c", rounded(board.cpuTemperatureC(), 10));
        b.put("load1", rounded(board.load1(), 100));
        b.put("mem_available_kb", board.memAvailableKb());
        b.put("uptime_s", board.uptimeSeconds());
        Runtime jvm = Runtime.getRuntime();
        b.put("heap_used_kb", (jvm.totalMemory() - jvm.freeMemory()) / 1024);
        b.put("heap_max_kb", jvm.maxMemory() / 1024);
        t.put("board", b);

        AudioOutputStats audio = status.audio();
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("running", audio.running());
        a.put("callbacks", audio.callbacks());
        a.put("xruns", audio.xruns());
        a.put("reconnects", audio.reconnects());
        a.put("render_failures", audio.renderFailures());
        a.put("callback_p99_us", status.callbackP99Us());
        a.put("callback_max_us", status.callbackMaxUs());
        a.put("limiter_db", rounded(status.limiterDb(), 10));
        a.put("error", audio.lastError());
        t.put("audio", a);

        Map<String, Object> s = new LinkedHashMap<>();
        s.put("connects", status.streamCounts().connects());
        s.put("drops", status.streamCounts().drops());
        s.put("failovers", status.streamCounts().failovers());
        s.put("decode_errors", status.streamCounts().decodeErrors());
        s.put("underruns", status.streamCounts().underruns());
        s.put("resyncs", status.streamCounts().resyncs());
        s.put("buffer_target_ms", status.streamCounts().bufferTargetMs());
        t.put("streams", s);

        Map<String, Object> l = new LinkedHashMap<>();
        l.put("connects", status.link().connects());
        l.put("received", status.link().received());
        l.put("queued", status.link().queued());
        l.put("dropped", status.link().dropped());
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

        t.put("inputs", status.state().getOrDefault("inputs", Map.of()));
        if (status.state().get("faults") instanceof java.util.List<?> faults) {
            t.put("faults", faults.size()); // extension: what the sense input found wrong, as the state lists it
        }
        Map<String, Object> control = new LinkedHashMap<>();
        control.put("refused", status.loopRefused());
        control.put("failures", status.loopFailures());
        t.put("control", control);
        return t;
    }

    /** Rounded to 1/{@code scale}; null when the board cannot tell (NaN), as JSON has no NaN. */
    private static Double rounded(double value, int scale) {
        return Double.isFinite(value) ? Math.round(value * scale) / (double) scale : null;
    }
}
