package vn.communeradio.gateway.command;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import vn.communeradio.gateway.json.Json;

/** Signs command claims into a compact JWS with an Ed25519 key: the operator's tool and the tests use it. */
public final class CommandSigner {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final String kid;
    private final PrivateKey key;
    private final String encodedHeader;

    /** {@code kid} is the key id the station knows the public half by (its file name without .pem). */
    public CommandSigner(String kid, PrivateKey key) {
        if (!Ids.isKeyId(kid)) {
            throw new IllegalArgumentException("key id '" + kid + "' must be 1-64 characters of A-Z a-z 0-9 . _ -");
        }
        this.kid = kid;
        this.key = key;
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "EdDSA");
        header.put("kid", kid);
        this.encodedHeader = encode(Json.write(header));
    }

    public String kid() {
        return kid;
    }

    /** The compact JWS of {@code claims} (written as compact JSON, in the map's order). */
    public String sign(Map<String, ?> claims) {
        String signingInput = encodedHeader + "." + encode(Json.write(claims));
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + BASE64URL.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with key '" + kid + "' (is it an Ed25519 private key?): "
                    + e.getMessage(), e);
        }
    }

    /** Claims in the protocol's order; {@code args} may be null for commands without arguments. */
    public static Map<String, Object> claims(String jti, String iss, String aud, long iat, long exp, String cmd,
                                             Map<String, ?> args) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("jti", jti);
        if (iss != null) {
            claims.put("iss", iss);
        }
        claims.put("aud", aud);
        claims.put("iat", iat);
        claims.put("exp", exp);
        claims.put("cmd", cmd);
        if (args != null) {
            claims.put("args", args);
        }
        return claims;
    }

    private static String encode(String json) {
        return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
