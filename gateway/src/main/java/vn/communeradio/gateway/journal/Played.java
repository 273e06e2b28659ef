package vn.communeradio.gateway.journal;

import java.math.BigDecimal;
import vn.communeradio.gateway.hearing.Heard;

/**
 * What a session sent to the output, as its log record and final ack tell it.
 *
 * @param startedMillis when its audio first reached the output, epoch millis; null when it never did
 * @param audioMillis   programme audio sent to the output (silence filled in while a source delivered nothing is not)
 * @param drops         gaps in it: times a source ran dry after its audio had begun
 * @param heard         what the sense input heard of it (proof of broadcast); null without a sense input, or when it
 *                      never went on air
 * @param fault         the fault it raised ({@code "not heard: ID"}, an emergency the sense input did not hear), or null
 */
public record Played(Long startedMillis, long audioMillis, long drops, Heard heard, String fault) {

    /** What a station without a sense input knows. */
    public Played(Long startedMillis, long audioMillis, long drops) {
        this(startedMillis, audioMillis, drops, null, null);
    }

    /** A session that never played. */
    public static final Played NOTHING = new Played(null, 0, 0);

    /** {@code audio_s}: seconds with two decimals, as a JSON number ({@code 29.98}, {@code 0.00}). */
    public BigDecimal audioSeconds() {
        return seconds(audioMillis);
    }

    /** Milliseconds as seconds with two decimals, as a JSON number. */
    public static BigDecimal seconds(long millis) {
        return BigDecimal.valueOf(Math.round(millis / 10.0), 2);
    }
}
