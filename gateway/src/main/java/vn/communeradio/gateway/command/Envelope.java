package vn.communeradio.gateway.command;

/**
 * The verified claims of a command and what its key may do: the control loop needs {@code keyMaxPriority} to
 * decide whether this key may stop or replace a running session.
 *
 * @param iss  the issuer as sent (free text, for logs), or null when absent
 * @param aud  {@code station/ID} or {@code group/ID}, equal to where the command arrived
 * @param iat  issued-at, epoch seconds
 * @param exp  expiry, epoch seconds
 * @param iatAheadS how far {@code iat} was ahead of the station's clock while that clock was not synchronised,
 *                  beyond the allowed skew (0 otherwise): the sender is told, and its {@code start_at} is read on
 *                  its own clock
 */
public record Envelope(String jti, String iss, String aud, long iat, long exp, String kid, Priority keyMaxPriority,
                       boolean keyAdmin, String cmd, long iatAheadS) {
}
