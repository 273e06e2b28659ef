package vn.communeradio.tests.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the ingest saw of one group command: its arrival, and each station's acks and log records for it. */
public final class GroupBroadcast {

    /** One ack or log record about the command. */
    public record Reply(String station, String kind, String status, long arrivedNanos, long tsMillis) {
    }

    private final String jti;
    private final int sendStatus;
    private final String sendOutput;
    private final List<String> ids;
    private final long sentAfterNanos;
    private final long publishedNanos;
    private final List<Reply> replies = new ArrayList<>();

    GroupBroadcast(String jti, int sendStatus, String sendOutput, List<String> ids, long sentAfterNanos,
                   List<MqttTestClient.Received> received) {
        this.jti = jti;
        this.sendStatus = sendStatus;
        this.sendOutput = sendOutput;
        this.ids = ids;
        this.sentAfterNanos = sentAfterNanos;
        long published = -1;
        for (MqttTestClient.Received m : received) {
            if (m.topic().endsWith("/cmd") && m.arrivedNanos() > sentAfterNanos) {
                published = published < 0 ? m.arrivedNanos() : Math.min(published, m.arrivedNanos());
            } else if ((m.topic().endsWith("/ack") || m.topic().endsWith("/log"))
                    && m.payload().contains("\"" + jti + "\"")) {
                Map<String, Object> json = Central.ack(m.payload());
                String kind = m.topic().endsWith("/ack") ? "ack" : "log";
                Object status = kind.equals("ack") ? json.get("status") : json.get("outcome");
                Object ts = kind.equals("ack") ? json.get("ts") : json.get("ended");
                replies.add(new Reply(Fleet.stationOf(m.topic()), kind, String.valueOf(status), m.arrivedNanos(),
                        ts instanceof Long t ? t : -1));
            }
        }
        this.publishedNanos = published;
    }

    /**
     * A command published by other means than the send tool: what {@code received} (an ingest's messages) shows
     * of {@code jti} from the stations {@code ids}, after the first command to arrive after {@code sentAfterNanos}.
     */
    public static GroupBroadcast of(String jti, List<String> ids, long sentAfterNanos,
                                    List<MqttTestClient.Received> received) {
        return new GroupBroadcast(jti, 0, "", ids, sentAfterNanos, received);
    }

    /** System.nanoTime before the send tool started: the command's fan-out comes after it. */
    long sentAfterNanos() {
        return sentAfterNanos;
    }

    public String jti() {
        return jti;
    }

    /** The send tool's exit status (0: every station of the group accepted). */
    public int sendStatus() {
        return sendStatus;
    }

    /** What the send tool printed on stderr (its summary on a failure). */
    public String sendOutput() {
        return sendOutput;
    }

    /** When the ingest received the command from the broker: the moment of the fan-out. */
    public long publishedNanos() {
        return publishedNanos;
    }

    /** How many acks of {@code status} each station sent (stations that sent none are absent). */
    public Map<String, Integer> acks(String status) {
        return count("ack", status);
    }

    /** How many broadcast log records each station published for the command. */
    public Map<String, Integer> logRecords() {
        Map<String, Integer> n = new HashMap<>();
        replies.stream().filter(r -> r.kind().equals("log")).forEach(r -> n.merge(r.station(), 1, Integer::sum));
        return n;
    }

    private Map<String, Integer> count(String kind, String status) {
        Map<String, Integer> n = new HashMap<>();
        replies.stream().filter(r -> r.kind().equals(kind) && r.status().equals(status))
                .forEach(r -> n.merge(r.station(), 1, Integer::sum));
        return n;
    }

    /** Stations that never acked {@code status}. */
    public List<String> missing(String status) {
        Map<String, Integer> got = acks(status);
        return ids.stream().filter(id -> !got.containsKey(id)).toList();
    }

    /** Milliseconds from the fan-out to each station's first {@code status} ack reaching the ingest, sorted. */
    public List<Double> millisTo(String status) {
        return millisTo(status, publishedNanos);
    }

    /** Milliseconds from {@code fromNanos} (System.nanoTime) to each station's first {@code status} ack, sorted. */
    public List<Double> millisTo(String status, long fromNanos) {
        Map<String, Long> first = new HashMap<>();
        replies.stream().filter(r -> r.kind().equals("ack") && r.status().equals(status))
                .forEach(r -> first.merge(r.station(), r.arrivedNanos(), Math::min));
        List<Double> ms = new ArrayList<>();
        first.values().forEach(n -> ms.add((n - fromNanos) / 1e6));
        Collections.sort(ms);
        return ms;
    }

    /** The {@code p}-th percentile (nearest rank) of sorted values; NaN for none. */
    public static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, Math.max(0, (int) Math.ceil(p / 100 * sorted.size()) - 1)));
    }
}
