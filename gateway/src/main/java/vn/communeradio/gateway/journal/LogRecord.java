package vn.communeradio.gateway.journal;

import java.util.LinkedHashMap;
import java.util.Map;
import vn.communeradio.gateway.hearing.Heard;

/**
 * One broadcast log record (PROTOCOL.md "Log records"), as it is stored and published: one JSON line.
 *
 * @param started     when its audio first reached the output, epoch millis; null when it never did
 * @param code        machine-readable word when {@code failed}, else null
 * @param audioMillis programme audio it sent to the output; null when unknown (interrupted, an update)
 * @param drops       gaps in that audio
 * @param heard       what the sense input heard of it (proof of broadcast); null when not known
 * @param fault       the fault it raised (an emergency not heard), or null
 * @param dropped     records removed from disk before the broker acknowledged them, since the previous record
 */
public record LogRecord(String station, long seq, String session, String jti, String priority, String source,
                        Long started, long ended, LogOutcome outcome, String code, String reason, Long audioMillis,
                        long drops, Heard heard, String fault,
                        long dropped) {

    /** Ids of commands a technician issued on the console: their records say {@code "origin":"console"}. */
    public static final String CONSOLE_ID_PREFIX = "console-";
    /** Local announcements (push-to-talk, the console's announce): their records say {@code "origin":"local"}. */
    public static final String LOCAL_ID_PREFIX = "local-";
    /** Sessions of remote updates (docs/protocol.md "update"): their records say {@code "origin":"update"}. */
    public static final String UPDATE_SESSION_PREFIX = "update:";

    /** The compact JSON line, without its newline; optional members only when they say something. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        // seq first: a line cut short by a power cut still tells which seq it was about to use
        m.put("seq", seq);
        m.put("station", station);
        m.put("session", session);
        m.put("jti", jti);
        m.put("priority", priority);
        m.put("source", source);
        m.put("started", started);
        m.put("ended", ended);
        m.put("outcome", outcome.wire());
        if (code != null) {
            m.put("code", code);
        }
        if (reason != null) {
            m.put("reason", reason);
        }
        if (audioMillis != null) {
            m.put("audio_s", Played.seconds(audioMillis));
        }
        if (drops > 0) {
            m.put("drops", drops);
        }
        if (heard != null) {
            m.put("heard", heard.toJson());
        }
        if (fault != null) {
            m.put("fault", fault);
        }
        if (jti != null && jti.startsWith(CONSOLE_ID_PREFIX)) {
            m.put("origin", "console"); // a technician's test at the pole, not a central system's broadcast
        } else if (jti != null && jti.startsWith(LOCAL_ID_PREFIX)) {
            m.put("origin", "local"); // the commune's own announcement at the station's microphone
        } else if (session != null && session.startsWith(UPDATE_SESSION_PREFIX)) {
            m.put("origin", "update"); // a software update's outcome, not a broadcast
        }
        if (dropped > 0) {
            m.put("dropped", dropped);
        }
        return m;
    }
}
