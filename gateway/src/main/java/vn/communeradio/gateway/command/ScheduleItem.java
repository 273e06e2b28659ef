package vn.communeradio.gateway.command;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One scheduled broadcast: plays {@code source} at local time {@code at} on {@code days}, between the optional
 * dates {@code from} and {@code until} (inclusive); or, of {@code kind} selftest (extension), runs the zone
 * self-test of {@code zones} then (no source: its priority is low). Optional numbers are null when absent,
 * {@code zones} empty = all zones. {@link #toJson()} and {@link #fromJson} let the schedule be stored in the same validated form.
 */
public record ScheduleItem(String id, Set<DayOfWeek> days, LocalTime at, List<String> source, PlayMode mode,
                           Long durationS, Priority priority, List<Integer> zones, Integer volume, LocalDate from,
                           LocalDate until, Kind kind) {

    /** What an item does when due. */
    public enum Kind {
        PLAY, SELFTEST;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final String[] DAY_NAMES = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

    public ScheduleItem {
        if (days.isEmpty()) {
            throw new IllegalArgumentException("a schedule item needs at least one day");
        }
        days = Collections.unmodifiableSet(EnumSet.copyOf(days)); // EnumSet: iterates mon..sun
        source = List.copyOf(source);
        zones = List.copyOf(zones);
    }

    /** Reads an item as it appears in a {@code schedule put} command; {@code where} names it in errors. */
    public static ScheduleItem fromJson(Object json, String where) throws CommandException {
        return parse(Args.of(where, json));
    }

    /** The item as JSON values ({@link vn.communeradio.gateway.json.Json#write}), readable by {@link #fromJson}. */
    public Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        if (kind != Kind.PLAY) {
            out.put("kind", kind.wire());
        }
        if (days.size() == 7) {
            out.put("days", "daily");
        } else {
            List<String> names = new ArrayList<>();
            for (DayOfWeek day : days) {
                names.add(DAY_NAMES[day.ordinal()]);
            }
            out.put("days", names);
        }
        out.put("at", String.format("%02d:%02d", at.getHour(), at.getMinute()));
        if (kind == Kind.PLAY) {
            out.put("source", source.size() == 1 ? source.get(0) : source);
            out.put("mode", mode.wire());
            out.put("priority", priority.wire());
        }
        putIfSet(out, "duration_s", durationS);
        putIfSet(out, "zones", zones.isEmpty() ? null : zones);
        putIfSet(out, "volume", volume);
        putIfSet(out, "from", from == null ? null : from.toString());
        putIfSet(out, "until", until == null ? null : until.toString());
        return out;
    }

    private static void putIfSet(Map<String, Object> out, String name, Object value) {
        if (value != null) {
            out.put(name, value);
        }
    }

    static ScheduleItem parse(Args args) throws CommandException {
        String kind = args.optText("kind");
        if (kind != null && !kind.equals("play") && !kind.equals("selftest")) {
            throw Args.malformed(args.field("kind") + " is " + Ids.quote(kind) + "; accepted: play (the default) or "
                    + "selftest");
        }
        boolean selftest = "selftest".equals(kind);
        if (selftest) {
            args.allow("id", "kind", "days", "at", "zones", "from", "until");
        } else {
            args.allow("id", "kind", "days", "at", "source", "mode", "duration_s", "priority", "zones", "volume", "from",
                    "until");
        }
        LocalDate from = date(args, "from");
        LocalDate until = date(args, "until");
        if (from != null && until != null && until.isBefore(from)) {
            throw Args.malformed(args.field("until") + " " + until + " is before " + args.field("from") + " " + from);
        }
        if (selftest) {
            return new ScheduleItem(args.id("id"), days(args), time(args), List.of(), PlayMode.STREAM, null,
                    Priority.LOW, args.zones("zones"), null, from, until, Kind.SELFTEST);
        }
        List<String> sources = args.sources("source");
        PlayMode mode = args.mode("mode");
        String problem = mode == PlayMode.FILE ? SourceUrls.fileOnlyProblem(sources, args.field("mode") + " file")
                : null;
        if (problem != null) {
            throw Args.malformed(problem);
        }
        return new ScheduleItem(args.id("id"), days(args), time(args), sources, mode,
                args.optInteger("duration_s", 1, Play.MAX_DURATION_S), args.priority("priority", Priority.NORMAL),
                args.zones("zones"), args.optSmall("volume", 0, 100), from, until, Kind.PLAY);
    }

    private static Set<DayOfWeek> days(Args args) throws CommandException {
        String accepted = "; accepted: \"daily\" or a list of distinct days among mon, tue, wed, thu, fri, sat, sun";
        Object value = args.raw("days");
        if ("daily".equals(value)) {
            return EnumSet.allOf(DayOfWeek.class);
        }
        if (value instanceof String one && day(one) != null) {
            return EnumSet.of(day(one));
        }
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw Args.malformed(args.field("days") + (value == null ? " is missing" : " is " + Args.show(value))
                    + accepted);
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (Object item : list) {
            DayOfWeek day = item instanceof String name ? day(name) : null;
            if (day == null || !days.add(day)) {
                throw Args.malformed(args.field("days") + " lists " + Args.show(item) + accepted);
            }
        }
        return days;
    }

    private static DayOfWeek day(String name) {
        for (int i = 0; i < DAY_NAMES.length; i++) {
            if (DAY_NAMES[i].equals(name)) {
                return DayOfWeek.of(i + 1);
            }
        }
        return null;
    }

    private static LocalTime time(Args args) throws CommandException {
        String text = args.text("at");
        if (text.length() == 5 && text.charAt(2) == ':' && digits(text, 0, 2) && digits(text, 3, 5)) {
            int hour = Integer.parseInt(text, 0, 2, 10);
            int minute = Integer.parseInt(text, 3, 5, 10);
            if (hour < 24 && minute < 60) {
                return LocalTime.of(hour, minute);
            }
        }
        throw Args.malformed(args.field("at") + " is " + Ids.quote(text) + "; accepted: local time HH:MM, 00:00..23:59");
    }

    private static LocalDate date(Args args, String name) throws CommandException {
        if (!args.has(name)) {
            return null;
        }
        String text = args.text(name);
        if (text.length() == 10 && text.charAt(4) == '-' && text.charAt(7) == '-' && digits(text, 0, 4)
                && digits(text, 5, 7) && digits(text, 8, 10)) {
            try {
                return LocalDate.of(Integer.parseInt(text, 0, 4, 10), Integer.parseInt(text, 5, 7, 10),
                        Integer.parseInt(text, 8, 10, 10));
            } catch (DateTimeException e) {
                // falls through to the error below
            }
        }
        throw Args.malformed(args.field(name) + " is " + Ids.quote(text) + "; accepted: a date YYYY-MM-DD");
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
