package vn.communeradio.gateway.console;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import vn.communeradio.gateway.Version;
import vn.communeradio.gateway.command.CommandException;
import vn.communeradio.gateway.command.ScheduleItem;
import vn.communeradio.gateway.command.TrustedKey;
import vn.communeradio.gateway.config.ConfigKeys;
import vn.communeradio.gateway.journal.BroadcastLog;
import vn.communeradio.gateway.journal.JournalReader;
import vn.communeradio.gateway.json.JsonException;
import vn.communeradio.gateway.link.LinkStats;
import vn.communeradio.gateway.schedule.Scheduler;
import vn.communeradio.gateway.status.StationStatus;

/**
 * Read-only console commands: {@code status}, {@code mqtt}, {@code net}, {@code schedule}, {@code log},
 * {@code journal}, {@code keys}. They read snapshots (the last published state, counters, files written
 * atomically or appended), never the control loop's own objects, so they answer even when the loop is stuck.
 */
final class InfoCommands {

    static final int MAX_STREAM_CHECKS = 3;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final ConsoleContext ctx;
    private final ZoneId zone;

    InfoCommands(ConsoleContext ctx) {
        this.ctx = ctx;
        this.zone = ctx.config().get(ConfigKeys.SCHEDULE_TIME_ZONE);
    }

    List<ConsoleCommand> commands() {
        return List.of(
                new ConsoleCommand("status", "status", "what plays, relays, volume, inputs, link, audio, clock",
                        "One screen on the station: id, version, uptime, what plays, relays, volume, inputs,\n"
                                + "MQTT link, audio and stream counters, clock synchronisation, schedule, control loop.",
                        this::status),
                new ConsoleCommand("mqtt", "mqtt", "broker, connected?, last error, subscriptions, queue",
                        "The MQTT link: broker URL, whether it is connected and subscribed, the last connection\n"
                                + "problem in plain words, the topics subscribed, messages queued for the broker.",
                        this::mqtt),
                new ConsoleCommand("net", "net", "addresses, route, DNS; can the broker and stream be reached",
                        "Network interfaces and addresses, the default route, DNS servers, and a TCP connect (3 s\n"
                                + "timeout) to the broker, the stream playing now and the schedule's stream hosts.\n"
                                + "Exit status 1 when the broker cannot be reached.", this::net),
                new ConsoleCommand("schedule", "schedule", "the schedule and its next item",
                        "Every schedule item (days, local time, source, priority, duration) and the next one due.",
                        this::schedule),
                new ConsoleCommand("log", "log [n]", "the last n service log lines (default 20)",
                        "The last lines of the service log file (log.file); at most 500.", this::log),
                new ConsoleCommand("journal", "journal [n]", "the last n broadcast records (default 10)",
                        "The newest records of the broadcast journal: seq, end time, outcome, priority, session,\n"
                                + "source. Sessions console-... are a technician's tests.", this::journal),
                new ConsoleCommand("keys", "keys", "trusted key ids and what each may do",
                        "Each trusted signing key: its id, the highest priority it may send, whether it may\n"
                                + "change keys (admin), and where it comes from. Key material is never shown.",
                        this::keys));
    }

    private int status(List<String> args, Reply out) {
        StationStatus status = ctx.status().now();
        Map<String, Object> state = status.state();
        out.line("station " + state.get("station") + ", version " + Version.running() + ", up "
                + duration(status.uptimeSeconds()));
        Object playing = state.get("playing");
        if (playing instanceof Map<?, ?> p) {
            out.line("playing: session " + p.get("session") + " (" + p.get("priority") + ") since "
                    + time(p.get("since")) + ", " + p.get("source") + (p.get("title") == null ? "" : ", " + p.get("title"))
                    + (status.soundHealth().isEmpty() ? "" : "; " + status.soundHealth()));
        } else {
            out.line("playing: nothing");
        }
        out.line("relays: " + status.relays());
        out.line("volume: " + state.get("volume"));
        out.line("inputs: " + status.inputs());
        out.line("mqtt: " + status.mqtt());
        out.line("audio: " + status.audioOutput() + " " + status.audioState());
        out.line("streams: " + status.streams());
        out.line("board: " + status.board());
        String trust = ctx.clockTrust().get();
        out.line("clock: " + (trust != null ? "trusted (" + trust + ")"
                : "NOT trusted: not synchronised by NTP nor set since boot (schedules wait unless "
                        + "schedule.require_synced_clock=false)") + ", now " + time(ctx.nowMillis().getAsLong()));
        if (state.get("schedule") instanceof Map<?, ?> s) {
            out.line("schedule: " + s.get("items") + " item(s)" + (s.get("next_item") == null ? ""
                    : ", next " + s.get("next_item") + " at " + time(s.get("next_at"))));
        }
        if (state.get("update") instanceof Map<?, ?> u) {
            String lastUpdate = "none since installation";
            if (u.get("last") instanceof Map<?, ?> l) {
                lastUpdate = l.get("result") + " (" + l.get("target") + ", now " + l.get("version") + ") at "
                        + time(l.get("at")) + (l.get("reason") == null || "".equals(l.get("reason")) ? ""
                        : ": " + l.get("reason"));
            }
            out.line("update: " + u.get("status") + "; last: " + lastUpdate);
        }
        out.line("control loop: " + status.control());
        return ConsoleProtocol.OK;
    }

    private int mqtt(List<String> args, Reply out) {
        LinkStats s = ctx.status().now().link();
        out.line("broker: " + ctx.config().get(ConfigKeys.MQTT_URL) + " (MQTT "
                + (ctx.config().get(ConfigKeys.MQTT_VERSION) == 5 ? "5" : "3.1.1") + ", keepalive "
                + ctx.config().get(ConfigKeys.MQTT_KEEPALIVE_S) + " s"
                + (ctx.config().get(ConfigKeys.MQTT_USERNAME).isEmpty() ? "" : ", user "
                + ctx.config().get(ConfigKeys.MQTT_USERNAME)) + ")");
        out.line("connected: " + (s.connected() ? "yes, subscribed" : "NO"));
        out.line("last error: " + (s.lastError() == null ? "none" : s.lastError()));
        out.line("connections since start: " + s.connects());
        out.line("subscriptions: " + String.join(", ", ctx.subscriptions()));
        out.line("queue: " + s.queued() + " waiting for the broker (at most " + ctx.config().get(ConfigKeys.MQTT_QUEUE)
                + "), " + s.dropped() + " dropped; " + s.received() + " command(s) received");
        return ConsoleProtocol.OK;
    }

    private int net(List<String> args, Reply out) {
        out.line("interfaces:");
        NetworkReport.interfaces().forEach(out::line);
        out.line("default route: " + NetworkReport.defaultRoute());
        out.line("DNS servers: " + String.join(", ", NetworkReport.dnsServers()));
        NetworkReport.Endpoint broker = NetworkReport.endpoint(ctx.config().get(ConfigKeys.MQTT_URL));
        String brokerReach = NetworkReport.reach("broker", broker.host(), broker.port());
        out.line(brokerReach);
        for (String url : streamUrls()) {
            try {
                NetworkReport.Endpoint stream = NetworkReport.endpoint(URI.create(url));
                if (stream != null) {
                    out.line(NetworkReport.reach("stream", stream.host(), stream.port()));
                }
            } catch (IllegalArgumentException e) {
                out.line("stream " + url + ": not a URL");
            }
        }
        return brokerReach.contains("NOT reachable") ? ConsoleProtocol.FAILED : ConsoleProtocol.OK;
    }

    /** The stream playing now and the first URLs of schedule items (at most {@value #MAX_STREAM_CHECKS} hosts). */
    private List<String> streamUrls() {
        java.util.Map<String, String> byHost = new java.util.LinkedHashMap<>();
        List<String> urls = new java.util.ArrayList<>();
        if (ctx.state().get().get("playing") instanceof Map<?, ?> p && p.get("source") instanceof String source) {
            urls.add(source);
        }
        try {
            Scheduler.saved(ctx.config().get(ConfigKeys.STATE_DIR)).forEach(item -> urls.add(item.source().get(0)));
        } catch (IOException | JsonException | CommandException e) {
            // 'schedule' says what is wrong with the file; here only hosts matter
        }
        for (String url : urls) {
            if (url.startsWith("http://") || url.startsWith("https://")) {
                try {
                    String host = URI.create(url).getHost();
                    if (host != null && byHost.size() < MAX_STREAM_CHECKS) {
                        byHost.putIfAbsent(host, url);
                    }
                } catch (IllegalArgumentException e) {
                    byHost.putIfAbsent(url, url); // reported as not a URL
                }
            }
        }
        return List.copyOf(byHost.values());
    }

    private int schedule(List<String> args, Reply out) throws ConsoleFailure {
        List<ScheduleItem> items;
        try {
            items = Scheduler.saved(ctx.config().get(ConfigKeys.STATE_DIR));
        } catch (IOException | JsonException | CommandException e) {
            throw ConsoleFailure.failed("the schedule file cannot be read: " + e.getMessage());
        }
        if (items.isEmpty()) {
            out.line("no schedule items (central systems send them with the schedule command)");
        }
        for (ScheduleItem item : items) {
            StringJoiner days = new StringJoiner(",");
            item.days().forEach(d -> days.add(d.name().substring(0, 3).toLowerCase(java.util.Locale.ROOT)));
            out.line(String.format("  %-16s %s %s  %s  %s%s%s", item.id(), days, item.at(), item.priority().wire(),
                    String.join(" | ", item.source()), item.durationS() == null ? "" : ", " + item.durationS() + " s",
                    item.zones().isEmpty() ? "" : ", zones " + item.zones()));
        }
        if (ctx.state().get().get("schedule") instanceof Map<?, ?> s) {
            out.line("next: " + (s.get("next_item") == null ? "nothing due" : s.get("next_item") + " at "
                    + time(s.get("next_at"))) + " (" + s.get("time_zone") + "); clock "
                    + (Boolean.TRUE.equals(s.get("clock_trusted")) ? "trusted" : "NOT trusted: items are held")
                    + "; " + s.get("missed") + " missed since start");
        }
        return ConsoleProtocol.OK;
    }

    private int log(List<String> args, Reply out) throws ConsoleFailure {
        int n = args.isEmpty() ? 20 : (int) PlaybackCommands.number(args.get(0), "lines", 1, 500);
        String file = ctx.config().get(ConfigKeys.LOG_FILE);
        if (file.isEmpty()) {
            throw ConsoleFailure.failed("log.file is not set: the log goes to the system journal only "
                    + "(journalctl -u commune-radio -n " + n + ")");
        }
        try {
            LogTail.lastLines(Path.of(file), n).forEach(out::line);
        } catch (IOException e) {
            throw ConsoleFailure.failed("log file " + file + " cannot be read: " + e.getMessage());
        }
        return ConsoleProtocol.OK;
    }

    private int journal(List<String> args, Reply out) throws ConsoleFailure {
        int n = args.isEmpty() ? 10 : (int) PlaybackCommands.number(args.get(0), "records", 1, 1000);
        List<Map<String, Object>> records;
        try {
            records = JournalReader.lastRecords(
                    ctx.config().get(ConfigKeys.STATE_DIR).resolve(BroadcastLog.DIRECTORY), n);
        } catch (IOException e) {
            throw ConsoleFailure.failed("the journal cannot be read: " + e.getMessage());
        }
        if (records.isEmpty()) {
            out.line("no broadcast records yet");
        }
        for (Map<String, Object> r : records) {
            out.line(String.format("  seq %s  %s  %-11s %-9s %s  %s%s", r.get("seq"), time(r.get("ended")),
                    r.get("outcome"), r.get("priority"), r.get("session"), r.get("source"),
                    r.get("reason") == null ? "" : "  (" + r.get("reason") + ")"));
        }
        return ConsoleProtocol.OK;
    }

    private int keys(List<String> args, Reply out) {
        Map<String, TrustedKey> keys = ctx.keys().all();
        if (keys.isEmpty()) {
            out.line("no trusted keys: every command will be rejected; put <kid>.pem files in "
                    + ctx.config().get(ConfigKeys.SECURITY_KEYS));
        }
        keys.values().forEach(k -> out.line(String.format("  %-24s up to %-9s %s from %s", k.kid(),
                k.maxPriority().wire(), k.admin() ? "admin," : "", k.origin() == TrustedKey.Origin.FILE
                        ? ctx.config().get(ConfigKeys.SECURITY_KEYS) + "/" + k.kid() + ".pem" : "a keys command")));
        return ConsoleProtocol.OK;
    }

    private String time(Object epochMillis) {
        if (!(epochMillis instanceof Number n)) {
            return "?";
        }
        return TIME.format(Instant.ofEpochMilli(n.longValue()).atZone(zone));
    }

    static String duration(long seconds) {
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 7200) {
            return seconds / 60 + " min";
        }
        return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }
}
