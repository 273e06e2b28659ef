package vn.communeradio.tests.demo;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import vn.communeradio.gateway.json.Json;
import vn.communeradio.gateway.json.JsonException;
import vn.communeradio.tests.demo.Timeline.Kind;
import vn.communeradio.tests.support.MqttTestClient;

/**
 * Turns what a station publishes (acks, retained state, broadcast log) into timeline events, as a central
 * system sees them: relay changes are read from the state's {@code relays}, which is what the station decided
 * (the simulated contacts follow within {@code relay.min_interval_ms}). The station's clock may be simulated
 * ({@code hal.clock=sim:...}): its times are put back on the demo's clock by the offset its first state showed.
 */
final class StationTopics implements AutoCloseable {

    private final MqttTestClient client;
    private final Timeline timeline;
    private final Thread reader;
    private volatile boolean closed;
    private Boolean online;
    private Boolean amp;
    private List<Boolean> zones = List.of();
    private List<?> faults = List.of();
    /** The station's clock minus this machine's, from its first state message; 0 until then. */
    private volatile long offsetMillis;

    StationTopics(String brokerUrl, String prefix, String stationId, Timeline timeline) throws Exception {
        String base = prefix + "/station/" + stationId;
        this.client = new MqttTestClient(brokerUrl, base + "/ack", base + "/state", base + "/log");
        this.timeline = timeline;
        this.reader = new Thread(this::read, "demo-topics");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try {
            for (int i = 0; !closed; ) {
                MqttTestClient.Received m = client.get(i, Duration.ofMillis(500));
                if (m != null) {
                    i++;
                    event(m);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void event(MqttTestClient.Received m) {
        Map<String, Object> json;
        try {
            json = Json.parseObject(m.payload().getBytes(StandardCharsets.UTF_8));
        } catch (JsonException e) {
            timeline.add(Kind.STATION, "unreadable message on " + m.topic() + ": " + e.getMessage());
            return;
        }
        if (m.topic().endsWith("/state") && online == null) {
            offsetMillis = millis(json.get("ts")) - System.currentTimeMillis();
        }
        if (m.topic().endsWith("/ack")) {
            timeline.add(millis(json.get("ts")), Kind.ACK, ack(json));
        } else if (m.topic().endsWith("/state")) {
            state(json);
        } else if (m.topic().endsWith("/log")) {
            timeline.add(millis(json.get("ended")), Kind.LOG, logRecord(json));
        }
    }

    static String ack(Map<String, Object> ack) {
        Object session = ack.get("session");
        StringBuilder text = new StringBuilder().append(session != null ? session : ack.get("id")).append("  ")
                .append(ack.get("status"));
        if (Boolean.TRUE.equals(ack.get("resumed"))) {
            text.append(" (resumed)");
        }
        if (ack.get("code") != null) {
            text.append(" [").append(ack.get("code")).append(']');
        }
        if (ack.get("reason") != null) {
            text.append(": ").append(ack.get("reason"));
        }
        text.append(audio(ack)).append(heard(ack)).append(zones(ack));
        return text.toString();
    }

    /** What the sense input heard of a session: "  heard ok: -35.8 dBFS, match 0.99, 40 ms late", or nothing. */
    private static String heard(Map<String, Object> message) {
        if (!(message.get("heard") instanceof Map<?, ?> heard)) {
            return "";
        }
        return "  heard " + (Boolean.TRUE.equals(heard.get("ok")) ? "ok" : "NOT ok") + ": " + heard.get("level_db")
                + " dBFS, match " + heard.get("match")
                + (heard.get("delay_ms") != null ? ", " + heard.get("delay_ms") + " ms late" : "");
    }

    /** A self-test's verdicts: "  zone 1 ok (-48.0 dBFS), zone 2 SILENT (-59.8 dBFS)", or nothing. */
    private static String zones(Map<String, Object> message) {
        if (!(message.get("zones") instanceof List<?> zones)) {
            return "";
        }
        List<String> verdicts = new ArrayList<>();
        for (Object z : zones) {
            if (z instanceof Map<?, ?> zone) {
                verdicts.add("zone " + zone.get("zone") + (Boolean.TRUE.equals(zone.get("ok")) ? " ok" : " SILENT")
                        + " (" + zone.get("level_db") + " dBFS)");
            }
        }
        return "  " + String.join(", ", verdicts);
    }

    /** What a final ack or record says went out to the speakers: "  (audio 5.98 s)", or nothing. */
    private static String audio(Map<String, Object> message) {
        if (!(message.get("audio_s") instanceof Number seconds)) {
            return "";
        }
        return String.format(Locale.ROOT, "  (audio %.2f s%s)", seconds.doubleValue(),
                message.get("drops") instanceof Long drops ? ", " + drops + " drops" : "");
    }

    private static String logRecord(Map<String, Object> r) {
        String played = r.get("started") instanceof Long started && r.get("ended") instanceof Long ended
                ? String.format(Locale.ROOT, " after %.1f s on air", (ended - started) / 1000.0) : "";
        return "seq " + r.get("seq") + "  " + r.get("session") + "  " + r.get("priority") + "  " + r.get("outcome")
                + played + audio(r) + heard(r) + "  (" + r.get("source") + ")"
                + (r.get("fault") != null ? "  fault: " + r.get("fault") : "");
    }

    @SuppressWarnings("unchecked")
    private void state(Map<String, Object> state) {
        long at = millis(state.get("ts"));
        Object nowOnline = state.get("online");
        if (!nowOnline.equals(online)) {
            online = (Boolean) nowOnline;
            timeline.add(at, Kind.STATION, online ? "online (retained state)" : "offline (retained state)");
        }
        if (state.get("faults") instanceof List<?> nowFaults && !nowFaults.equals(faults)) {
            timeline.add(at, Kind.STATION, "faults " + nowFaults + " (retained state)");
            faults = nowFaults;
        }
        if (!(state.get("relays") instanceof Map<?, ?> relays)) {
            return;
        }
        boolean nowAmp = Boolean.TRUE.equals(relays.get("amp"));
        List<Boolean> nowZones = (List<Boolean>) relays.get("zones");
        // switching on, the amplifier comes first; switching off, last: print in the order of the sequence
        if (nowAmp && !Boolean.TRUE.equals(amp)) {
            timeline.add(at, Kind.RELAYS, "amplifier ON");
        }
        zones(at, nowZones, true);
        zones(at, nowZones, false);
        if (!nowAmp && Boolean.TRUE.equals(amp)) {
            timeline.add(at, Kind.RELAYS, "amplifier OFF");
        }
        amp = nowAmp;
        zones = nowZones;
    }

    private void zones(long at, List<Boolean> now, boolean on) {
        List<String> changed = new ArrayList<>();
        for (int z = 0; z < now.size(); z++) {
            boolean before = z < zones.size() && zones.get(z);
            if (now.get(z) == on && before != on) {
                changed.add(String.valueOf(z + 1));
            }
        }
        if (!changed.isEmpty()) {
            timeline.add(at, Kind.RELAYS, (changed.size() == 1 ? "zone " : "zones ") + String.join(",", changed)
                    + (on ? " ON" : " OFF"));
        }
    }

    /** A station's time on this machine's clock. */
    private long millis(Object ts) {
        return ts instanceof Long l ? l - offsetMillis : System.currentTimeMillis();
    }

    /** The station's clock, as its first state message showed it (known once the station is online). */
    Clock stationClock() {
        return Clock.offset(Clock.systemUTC(), Duration.ofMillis(offsetMillis));
    }

    @Override
    public void close() throws Exception {
        closed = true;
        reader.join(2_000);
        client.close();
    }
}
