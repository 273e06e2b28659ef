package vn.communeradio.tests.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import vn.communeradio.gateway.command.CommandSigner;
import vn.communeradio.tests.support.ProcessStats;

/**
 * A station's day, sped up only in how often things happen: a schedule item every minute of the station's clock,
 * put three minutes ahead and removed two minutes after (so the schedule stays a handful of items, as a commune's
 * does), in a rotation of a live MP3 stream (20 s), a live Ogg/Opus stream (20 s), a cached file (one of three,
 * fetched ahead by the schedule's prefetch), a tone (10 s) and garbage (refused); every seventh minute an emergency
 * tone preempts the item, which resumes; every eleventh a direct play of the Opus stream, stopped ten seconds later.
 * A row every {@code report} with the acks counted by status since the row before.
 */
final class ScheduleSoak {

    private final ServiceMemoryBench.Station station;
    private final CentralLine central;
    /** Schedule and stop commands: their acks are not sessions'. */
    private final Set<String> commands = new HashSet<>();

    ScheduleSoak(ServiceMemoryBench.Station station) {
        this.station = station;
        this.central = station.central();
    }

    void run(Duration length, Duration report) throws Exception {
        System.out.printf("soak for %s, a row every %d min; station clock starts at %s%n", length,
                report.toMinutes(), stationTime());
        System.out.printf("%8s %16s | %s | %s%n", "elapsed", "station clock", ServiceMemory.Sample.header(),
                "acks since the row before");
        long t0 = System.nanoTime();
        long end = t0 + length.toNanos();
        long nextRow = t0;
        int acksFrom = central.received();
        ZonedDateTime minute = stationTime().truncatedTo(ChronoUnit.MINUTES);
        // the first items: those that can still be put in time
        for (int ahead = 1; ahead <= 3; ahead++) {
            put(minute.plusMinutes(ahead));
        }
        while (System.nanoTime() < end) {
            if (System.nanoTime() - nextRow >= 0) {
                System.out.printf(Locale.ROOT, "%7.0fm %16s | %s | %s%n", (System.nanoTime() - t0) / 60e9,
                        stationTime().toLocalDateTime().truncatedTo(ChronoUnit.SECONDS), station.memory().sample(),
                        tally(acksFrom));
                acksFrom = central.received();
                nextRow += report.toNanos();
            }
            minute = minute.plusMinutes(1);
            at(minute.plusSeconds(2));
            put(minute.plusMinutes(3));
            remove(minute.minusMinutes(2));
            long index = minute.toEpochSecond() / 60;
            if (index % 7 == 0) {
                at(minute.plusSeconds(8));
                central.send(station.province(), "play", Map.of("source", "tone:880", "priority", "emergency",
                        "duration_s", 3));
            }
            if (index % 11 == 0) {
                at(minute.plusSeconds(35));
                CentralLine.Sent direct = central.send(station.district(), "play",
                        Map.of("source", station.media().opusLive().toString()));
                at(minute.plusSeconds(45));
                commands.add(central.send(station.district(), "stop", Map.of("session", direct.jti())).jti());
            }
            if (!station.service().isAlive()) {
                throw new IllegalStateException("the service died:\n" + station.service().stdout()
                        + station.service().stderr());
            }
        }
        System.out.printf(Locale.ROOT, "%7.0fm %16s | %s | %s%n", (System.nanoTime() - t0) / 60e9,
                stationTime().toLocalDateTime().truncatedTo(ChronoUnit.SECONDS), station.memory().sample(),
                tally(acksFrom));
        System.out.printf("load average %s%n", ProcessStats.loadAverage());
    }

    private ZonedDateTime stationTime() {
        return Instant.ofEpochMilli(central.stationMillis()).atZone(ServiceMemoryBench.ZONE);
    }

    /** Sleeps until the station's clock reads {@code when} (the pace of the run: nothing to await). */
    private void at(ZonedDateTime when) throws InterruptedException {
        long left = when.toInstant().toEpochMilli() - central.stationMillis();
        if (left > 0) {
            Thread.sleep(left);
        }
    }

    private static String id(ZonedDateTime minute) {
        return String.format("m-%02d%02d", minute.getHour(), minute.getMinute());
    }

    private void put(ZonedDateTime minute) throws Exception {
        long index = minute.toEpochSecond() / 60;
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", id(minute));
        item.put("days", "daily");
        item.put("at", String.format("%02d:%02d", minute.getHour(), minute.getMinute()));
        switch ((int) (index % 5)) {
            case 0 -> item.putAll(Map.of("source", station.media().mp3Live().toString(), "duration_s", 20));
            case 1 -> item.putAll(Map.of("source", station.media().opusLive().toString(), "duration_s", 20));
            case 2 -> item.putAll(Map.of("source", station.media().files().get((int) (index / 5 % 3)).toString(),
                    "mode", "file"));
            case 3 -> item.putAll(Map.of("source", "tone:440", "duration_s", 10));
            default -> item.putAll(Map.of("source", station.media().garbage().toString()));
        }
        CentralLine.Sent sent = central.send(station.district(), "schedule",
                Map.of("op", "put", "items", List.of(item)));
        commands.add(sent.jti());
        central.await(sent, ServiceMemoryBench.WAIT, "finished", "rejected");
    }

    private void remove(ZonedDateTime minute) throws Exception {
        CentralLine.Sent sent = central.send(station.district(), "schedule", Map.of("op", "remove", "ids",
                List.of(id(minute))));
        commands.add(sent.jti());
        central.await(sent, ServiceMemoryBench.WAIT, "finished", "rejected");
    }

    /** Sessions' acks by status (and code) since {@code from}: "{failed/decode_error=2, finished=9, started=12}". */
    private String tally(int from) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Map<String, Object> ack : central.acksSince(from)) {
            String status = String.valueOf(ack.get("status"));
            if (status.equals("accepted") || commands.remove(String.valueOf(ack.get("id")))) {
                continue;
            }
            String key = ack.containsKey("code") ? status + "/" + ack.get("code") : status;
            counts.merge(key, 1, Integer::sum);
        }
        return counts.toString();
    }
}
