package vn.communeradio.gateway.status;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import vn.communeradio.gateway.link.LinkStats;
import vn.communeradio.gateway.playback.StreamStats;
import vn.communeradio.hal.audio.AudioOutputStats;
import vn.communeradio.hal.sensor.BoardReadings;

/**
 * One look at the station, taken on any thread ({@link StatusReport}), and its words: the service log's status
 * line, the console's {@code status} and telemetry all read this one snapshot and say things the same way.
 *
 * @param state        the state last published (PROTOCOL.md "State"): what plays, relays, volume, inputs
 * @param soundHealth  how the stream on air is doing (buffer, drift, underruns), or empty
 * @param audioOutput  the output's description, e.g. {@code jack (server 'default', 48000 Hz, 256 frames)}
 * @param audioStarted the output was opened (a stopped one after that has failed)
 * @param callbackP99Us the mixer's callback duration, 99th percentile, microseconds
 */
public record StationStatus(String station, long uptimeSeconds, Map<String, Object> state, String soundHealth,
                            String audioOutput, AudioOutputStats audio, boolean audioStarted,
                            StreamStats.Snapshot streamCounts, long callbackP99Us, long callbackMaxUs, double limiterDb,
                            LinkStats link, BoardReadings boardReadings, long loopRefused, long loopFailures,
                            long loopLastTurnMs) {

    /** The line the service logs every {@code status.log_interval_s}. */
    public String logLine() {
        return "status: station " + station + " " + playing() + "; relays " + relays() + "; inputs " + inputs()
                + "; audio " + audioState() + "; streams " + streams() + "; mqtt " + mqtt() + "; board " + board()
                + "; uptime " + uptimeSeconds + " s; control " + control();
    }

    /** What plays: {@code idle}, or {@code playing SESSION (PRIORITY)} and the stream's health. */
    public String playing() {
        if (!(state.get("playing") instanceof Map<?, ?> p)) {
            return "idle";
        }
        return "playing " + p.get("session") + " (" + p.get("priority") + ")"
                + (soundHealth.isEmpty() ? "" : ", " + soundHealth);
    }

    /** {@code amp=on zone1=off ...}, as decided (the hardware follows within the minimum interval). */
    public String relays() {
        if (!(state.get("relays") instanceof Map<?, ?> r)) {
            return "unknown";
        }
        StringJoiner out = new StringJoiner(" ");
        out.add("amp=" + onOff(r.get("amp")));
        if (r.get("zones") instanceof List<?> zones) {
            for (int i = 0; i < zones.size(); i++) {
                out.add("zone" + (i + 1) + "=" + onOff(zones.get(i)));
            }
        }
        return out.toString();
    }

    /** {@code mains=active door=inactive}, or {@code none configured}. */
    public String inputs() {
        if (!(state.get("inputs") instanceof Map<?, ?> m) || m.isEmpty()) {
            return "none configured";
        }
        StringJoiner out = new StringJoiner(" ");
        m.forEach((name, active) -> out.add(name + "=" + (Boolean.TRUE.equals(active) ? "active" : "inactive")));
        return out.toString();
    }

    /** {@code running, N periods, N xruns, N reconnects} and render failures or the last error when there are. */
    public String audioState() {
        return (audio.running() ? "running" : audioStarted ? "stopped" : "not started") + ", " + audio.callbacks()
                + " periods, " + audio.xruns() + " xruns, " + audio.reconnects() + " reconnects"
                + (audio.renderFailures() == 0 ? "" : ", " + audio.renderFailures() + " render failures")
                + (audio.lastError() == null ? "" : " (" + audio.lastError() + ")");
    }

    /** The stream pipeline's counters since start and the mixer's callback durations. */
    public String streams() {
        return streamCounts.connects() + " connects, " + streamCounts.drops() + " drops, " + streamCounts.failovers()
                + " failovers, " + streamCounts.decodeErrors() + " decode errors, " + streamCounts.underruns()
                + " underruns; callback p99 " + callbackP99Us + " us, max " + callbackMaxUs + " us";
    }

    /** {@code connected, N command(s) received, N queued, N dropped}, or why it is not. */
    public String mqtt() {
        return (link.connected() ? "connected" : "disconnected" + (link.lastError() == null ? ""
                : " (" + link.lastError() + ")")) + ", " + link.received() + " command(s) received, " + link.queued()
                + " queued, " + link.dropped() + " dropped";
    }

    /** CPU temperature and load. */
    public String board() {
        return (Double.isNaN(boardReadings.cpuTemperatureC()) ? "temperature unknown"
                : String.format(Locale.ROOT, "%.1f C", boardReadings.cpuTemperatureC()))
                + String.format(Locale.ROOT, ", load %.2f", boardReadings.load1());
    }

    /** The control loop: how long ago it last turned, what it refused, what failed in it. */
    public String control() {
        return "last turn " + loopLastTurnMs + " ms ago, " + loopRefused + " refused, " + loopFailures
                + " failed task(s)";
    }

    private static String onOff(Object value) {
        return Boolean.TRUE.equals(value) ? "on" : "off";
    }
}
