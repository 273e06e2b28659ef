package vn.communeradio.gateway.journal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.communeradio.gateway.command.Priority;

/**
 * A session that has started (or was accepted and waits to start) and not yet ended, as its marker line in the
 * journal keeps it: enough to log it {@code interrupted} after a crash, or to play an emergency again after a
 * restart.
 *
 * @param startedMillis when it first played; null while it waits (accepted, not yet started)
 * @param endAtMillis end of its time, epoch millis, or null when it plays until stopped
 * @param volume      its own volume, or null for the station's
 */
public record OpenSession(String jti, String session, Priority priority, List<String> sources, boolean cacheFirst,
                          String sha256, List<Integer> zones, Integer volume, Long startedMillis, Long endAtMillis) {

    public OpenSession {
        sources = List.copyOf(sources);
        zones = List.copyOf(zones);
    }

    /** Accepted and waiting: it never played. */
    public boolean waiting() {
        return startedMillis == null;
    }

    /** Still within its time at {@code nowMillis}. */
    public boolean withinTime(long nowMillis) {
        return endAtMillis == null || nowMillis < endAtMillis;
    }

    /** The marker line's object; {@code open} names the jti the closing record will carry. */
    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("open", jti);
        m.put("session", session);
        m.put("priority", priority.wire());
        m.put("sources", sources);
        m.put("file", cacheFirst);
        m.put("sha256", sha256);
        m.put("zones", zones);
        m.put("volume", volume);
        m.put("started", startedMillis);
        m.put("end_at", endAtMillis);
        return m;
    }

    /** Reads a marker; IllegalArgumentException when it is damaged. */
    static OpenSession fromJson(Map<String, Object> m) {
        try {
            Priority priority = Priority.fromWire((String) m.get("priority"));
            if (priority == null) {
                throw new IllegalArgumentException("unknown priority " + m.get("priority"));
            }
            List<Integer> zones = ((List<?>) m.get("zones")).stream().map(z -> ((Long) z).intValue()).toList();
            Long volume = (Long) m.get("volume");
            return new OpenSession((String) m.get("open"), (String) m.get("session"), priority,
                    ((List<?>) m.get("sources")).stream().map(String.class::cast).toList(),
                    Boolean.TRUE.equals(m.get("file")), (String) m.get("sha256"), zones,
                    volume == null ? null : volume.intValue(), (Long) m.get("started"), (Long) m.get("end_at"));
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("session marker with a missing or mistyped member: " + m);
        }
    }
}
