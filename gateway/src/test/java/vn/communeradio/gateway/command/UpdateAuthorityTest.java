package vn.communeradio.gateway.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What root checks before installing: the update command the service handed over, verified again against the key
 * files and security.update_keys, with no help from the (possibly compromised) service.
 */
class UpdateAuthorityTest {

    @AutoClose
    private final Fixture f;
    private final Set<String> targets = Set.of(Fixture.TARGET, "group/hn");

    UpdateAuthorityTest(@TempDir Path dir) throws IOException {
        f = new Fixture(dir);
    }

    private static Map<String, Object> args() {
        return Fixture.args("version", "2.0.0", "url", "https://u.example.vn/p.deb", "sha256", "cd".repeat(32),
                "allow_downgrade", true);
    }

    private byte[] token(CommandSigner key, Map<String, Object> claims) {
        return key.sign(claims).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aSignedUpdateFromAnUpdateKeyNamesWhatToInstall() throws Exception {
        Update u = UpdateAuthority.verify(token(f.releaseSigner, f.claims("update", args())), f.keys, targets);
        assertEquals("2.0.0", u.version());
        assertEquals("cd".repeat(32), u.sha256());
        assertTrue(u.allowDowngrade());
    }

    @Test
    void anythingElseIsRefused() {
        refused(token(f.adminSigner, f.claims("update", args())), RejectCode.FORBIDDEN);
        refused(token(f.releaseSigner, f.claims("ping", Map.of())), RejectCode.MALFORMED);
        Map<String, Object> elsewhere = CommandSigner.claims("j-1", "x", "station/other", Fixture.START,
                Fixture.START + 60, "update", args());
        refused(token(f.releaseSigner, elsewhere), RejectCode.WRONG_TARGET);
        byte[] signed = token(f.releaseSigner, f.claims("update", args()));
        String text = new String(signed, StandardCharsets.US_ASCII);
        String forged = text.substring(0, text.indexOf('.') + 1)
                + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                        ("{\"jti\":\"j-2\",\"aud\":\"" + Fixture.TARGET + "\",\"cmd\":\"update\",\"args\":"
                                + "{\"version\":\"9.9\",\"url\":\"http://evil.example/p.deb\",\"sha256\":\""
                                + "ee".repeat(32) + "\"}}").getBytes(StandardCharsets.UTF_8))
                + text.substring(text.lastIndexOf('.'));
        refused(forged.getBytes(StandardCharsets.US_ASCII), RejectCode.BAD_SIGNATURE);
        refused("not a token".getBytes(StandardCharsets.US_ASCII), RejectCode.MALFORMED);
    }

    private void refused(byte[] token, RejectCode code) {
        CommandException e = assertThrows(CommandException.class, () -> UpdateAuthority.verify(token, f.keys, targets));
        assertEquals(code, e.code(), e.reason());
    }
}
