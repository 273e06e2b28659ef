package vn.communeradio.gateway.journal;

/**
 * A session's end as the control loop reports it; the journal adds {@code seq} and the station.
 *
 * @param code   machine-readable word when {@code failed}, else null
 * @param reason for people, or null
 * @param played what it sent to the output ({@code started}, {@code audio_s}, {@code drops}); null when no one can
 *               tell (a session the previous run left open, an update's outcome): {@code started} is then its
 *               marker's, and the record has no {@code audio_s}
 */
public record Ending(String jti, String session, String priority, String source, long endedMillis,
                     LogOutcome outcome, String code, String reason, Played played) {
}
