package vn.communeradio.gateway.hearing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the sense input heard of a session: how loud the speakers were and how well it matches what was sent.
 *
 * @param ok      loud enough and matching enough (the thresholds of {@link HearingSettings})
 * @param levelDb the sense input's level while the programme played, dBFS
 * @param match   0..1: how well the loudness contour heard follows the one sent, aligned for the delay
 * @param delayMs the acoustic (and converter) delay found between output and sense input; null when the
 *                programme was too steady to tell (a tone), or what was heard did not match it
 */
public record Heard(boolean ok, double levelDb, double match, Integer delayMs) {

    /** The {@code heard} member of a final ack and a log record. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ok", ok);
        json.put("level_db", Math.round(levelDb * 10) / 10.0);
        json.put("match", Math.round(match * 100) / 100.0);
        json.put("delay_ms", delayMs == null ? null : (Object) (long) (int) delayMs);
        return json;
    }
}
