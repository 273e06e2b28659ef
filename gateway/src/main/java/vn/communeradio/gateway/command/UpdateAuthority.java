package vn.communeradio.gateway.command;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Map;
import java.util.Set;
import vn.communeradio.gateway.json.Json;
import vn.communeradio.gateway.json.JsonException;

/**
 * The root step's own check of an {@code update} command ({@code commune-radio update-check}, run as root by
 * {@code install-update}): the signed command the service handed over must verify with a key file listed in
 * {@code security.update_keys} and be addressed to this station or one of its groups, so that root installs only
 * what a key allowed for updates asked for, even if the unprivileged service were compromised. Time and replay are
 * the service's checks (an update may start days after its {@code exp}: {@code not_before}, {@code window_s}).
 */
public final class UpdateAuthority {

    private UpdateAuthority() {
    }

    /**
     * The update {@code token} asks for; throws with the rejection code and reason otherwise.
     *
     * @param targets {@code station/ID} and {@code group/ID} of this station's configuration
     */
    public static Update verify(byte[] token, TrustedKeys keys, Set<String> targets) throws CommandException {
        CompactJws jws = CompactJws.parse(token);
        String kid = CommandVerifier.headerKid(jws.header);
        TrustedKey key = keys.find(kid);
        if (key == null) {
            throw new CommandException(RejectCode.UNKNOWN_KEY, "key " + Ids.quote(kid) + " is not trusted");
        }
        if (!keys.mayUpdate(key)) {
            throw new CommandException(RejectCode.FORBIDDEN, "key " + Ids.quote(kid) + " is not allowed updates "
                    + "(security.update_keys)");
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key.key());
            verifier.update(jws.token, jws.start, jws.secondDot - jws.start);
            if (!verifier.verify(jws.signature)) {
                throw new CommandException(RejectCode.BAD_SIGNATURE, "signature does not verify with key "
                        + Ids.quote(kid));
            }
        } catch (GeneralSecurityException e) {
            throw new CommandException(RejectCode.BAD_SIGNATURE, "signature does not verify with key "
                    + Ids.quote(kid) + ": " + e.getMessage());
        }
        Map<String, Object> claims;
        try {
            claims = Json.parseObject(jws.claims);
        } catch (JsonException e) {
            throw new CommandException(RejectCode.MALFORMED, "the claims are not a JSON object: " + e.getMessage());
        }
        if (!"update".equals(claims.get("cmd"))) {
            throw new CommandException(RejectCode.MALFORMED, "the command is not an update");
        }
        Object aud = claims.get("aud");
        if (!(aud instanceof String target) || !targets.contains(target)) {
            throw new CommandException(RejectCode.WRONG_TARGET, "the command is addressed to "
                    + Ids.quote(String.valueOf(aud)) + ", not to this station or its groups");
        }
        Object jti = claims.get("jti");
        return (Update) Commands.parse("update", claims.get("args"), jti instanceof String s ? s : "");
    }
}
