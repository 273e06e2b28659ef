package vn.communeradio.gateway.command;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vn.communeradio.gateway.config.ConfigKeys;
import vn.communeradio.gateway.json.Json;

/**
 * Reads one JSON object of command arguments. Every error is {@code malformed} with a reason naming the field
 * ({@code args.items[2].at}) and what is accepted, so the sender can fix the command without reading our code.
 *
 * <p>An optional member that is JSON {@code null} counts as absent: senders in other languages often write
 * null for "not set".
 */
final class Args {

    private final String where;
    private final Map<String, Object> map;

    private Args(String where, Map<String, Object> map) {
        this.where = where;
        this.map = map;
    }

    /** The object at {@code where}; a missing {@code args} (null) reads as an empty object. */
    @SuppressWarnings("unchecked")
    static Args of(String where, Object value) throws CommandException {
        if (value == null) {
            return new Args(where, Map.of());
        }
        if (!(value instanceof Map)) {
            throw malformed(where + " must be an object, found " + Json.typeName(value));
        }
        return new Args(where, (Map<String, Object>) value);
    }

    /** Rejects members other than {@code names}. */
    Args allow(String... names) throws CommandException {
        if (map.isEmpty()) {
            return this;
        }
        Set<String> allowed = new HashSet<>(Arrays.asList(names));
        for (String key : map.keySet()) {
            if (!allowed.contains(key)) {
                throw malformed(where + ": unknown member " + Ids.quote(key) + "; accepted: "
                        + (names.length == 0 ? "none" : String.join(", ", names)));
            }
        }
        return this;
    }

    String field(String name) {
        return where + "." + name;
    }

    boolean has(String name) {
        return map.get(name) != null;
    }

    Object raw(String name) {
        return map.get(name);
    }

    String text(String name) throws CommandException {
        return (String) typed(name, String.class, "a string");
    }

    String optText(String name) throws CommandException {
        return has(name) ? text(name) : null;
    }

    boolean bool(String name, boolean absent) throws CommandException {
        return has(name) ? (Boolean) typed(name, Boolean.class, "true or false") : absent;
    }

    long integer(String name, long min, long max) throws CommandException {
        Object value = required(name);
        if (!(value instanceof Long n) || n < min || n > max) {
            throw malformed(field(name) + " is " + show(value) + "; accepted: an integer " + min + ".." + max);
        }
        return n;
    }

    Long optInteger(String name, long min, long max) throws CommandException {
        return has(name) ? integer(name, min, max) : null;
    }

    Integer optSmall(String name, int min, int max) throws CommandException {
        return has(name) ? (int) integer(name, min, max) : null;
    }

    String id(String name) throws CommandException {
        String id = text(name);
        if (!Ids.isCommandId(id)) {
            throw malformed(field(name) + " is " + Ids.quote(id) + "; accepted: 1-64 characters of A-Z a-z 0-9 . _ : -");
        }
        return id;
    }

    String optId(String name) throws CommandException {
        return has(name) ? id(name) : null;
    }

    Priority priority(String name, Priority absent) throws CommandException {
        if (!has(name)) {
            return absent;
        }
        Priority p = Priority.fromWire(text(name));
        if (p == null) {
            throw malformed(field(name) + " is " + Ids.quote(text(name)) + "; accepted: low, normal, high, emergency");
        }
        return p;
    }

    PlayMode mode(String name) throws CommandException {
        if (!has(name)) {
            return PlayMode.STREAM;
        }
        PlayMode mode = PlayMode.fromWire(text(name));
        if (mode == null) {
            throw malformed(field(name) + " is " + Ids.quote(text(name)) + "; accepted: stream, file");
        }
        return mode;
    }

    /** A source URL or a non-empty list of them, tried in order. */
    List<String> sources(String name) throws CommandException {
        Object value = required(name);
        List<String> urls = new ArrayList<>();
        if (value instanceof String url) {
            urls.add(url);
        } else if (value instanceof List<?> list && !list.isEmpty() && list.size() <= 16) {
            for (Object item : list) {
                if (!(item instanceof String url)) {
                    throw malformed(field(name) + " lists " + Json.typeName(item) + "; accepted: URL strings");
                }
                urls.add(url);
            }
        } else {
            throw malformed(field(name) + " is " + show(value) + "; accepted: a URL or a list of 1-16 URLs ("
                    + SourceUrls.ACCEPTED + ")");
        }
        for (int i = 0; i < urls.size(); i++) {
            String problem = SourceUrls.problem(urls.get(i));
            if (problem != null) {
                String which = value instanceof String ? field(name) : field(name) + "[" + i + "]";
                throw malformed(which + " " + Ids.quote(urls.get(i)) + " " + problem + "; accepted: " + SourceUrls.ACCEPTED);
            }
        }
        if (urls.size() > 1 && urls.contains(SourceUrls.LINE_INPUT)) {
            // failover tries the next source when one fails; a live input never fails over, nor is failed over to
            throw malformed(field(name) + ": " + SourceUrls.LINE_INPUT + " is live and plays alone; send it as the "
                    + "only source");
        }
        return List.copyOf(urls);
    }

    /** Zone numbers, distinct; absent means all zones (an empty list). */
    List<Integer> zones(String name) throws CommandException {
        if (!has(name)) {
            return List.of();
        }
        List<?> list = list(name, 1, ConfigKeys.MAX_ZONES);
        Set<Integer> seen = new HashSet<>();
        List<Integer> zones = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Long n) || n < 1 || n > ConfigKeys.MAX_ZONES) {
                throw malformed(field(name) + " lists " + show(item) + "; accepted: distinct zone numbers 1.."
                        + ConfigKeys.MAX_ZONES);
            }
            if (!seen.add(n.intValue())) {
                throw malformed(field(name) + " lists zone " + n + " twice; accepted: each zone once");
            }
            zones.add(n.intValue());
        }
        return List.copyOf(zones);
    }

    List<?> list(String name, int minSize, int maxSize) throws CommandException {
        Object value = required(name);
        if (!(value instanceof List<?> list) || list.size() < minSize || list.size() > maxSize) {
            throw malformed(field(name) + " is " + show(value) + "; accepted: a list of " + minSize + ".." + maxSize
                    + " items");
        }
        return list;
    }

    private Object typed(String name, Class<?> type, String accepted) throws CommandException {
        Object value = required(name);
        if (!type.isInstance(value)) {
            throw malformed(field(name) + " is " + show(value) + "; accepted: " + accepted);
        }
        return value;
    }

    private Object required(String name) throws CommandException {
        Object value = map.get(name);
        if (value == null) {
            throw malformed(field(name) + " is missing");
        }
        return value;
    }

    /** A short description of a value for a reason: the value itself when small, else its type. */
    static String show(Object value) {
        if (value instanceof String s) {
            return "the string " + Ids.quote(s);
        } else if (value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        } else if (value instanceof List<?> list) {
            return "an array of " + list.size() + " items";
        }
        return Json.typeName(value);
    }

    static CommandException malformed(String reason) {
        return new CommandException(RejectCode.MALFORMED, reason);
    }
}
