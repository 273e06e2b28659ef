package vn.communeradio.gateway.journal;

/**
 * A session's end as the control loop reports it; the journal adds {@code seq}, {@code started} and the station.
 *
 * @param code   machine-readable word when {@code failed}, else null
 * @param reason for people, or null
 */
public record Ending(String jti, String session, String priority, String source, long endedMillis,
                     LogOutcome outcome, String code, String reason) {
}
