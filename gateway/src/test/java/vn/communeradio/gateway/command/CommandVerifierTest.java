package vn.communeradio.gateway.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.communeradio.gateway.command.Fixture.TARGET;
import static vn.communeradio.gateway.command.Fixture.args;
import static vn.communeradio.gateway.command.Verdicts.accepted;
import static vn.communeradio.gateway.command.Verdicts.rejected;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.json.Json;

class CommandVerifierTest {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final Path root;
    @AutoClose
    private Fixture f;

    CommandVerifierTest(@TempDir Path root) throws IOException {
        this.root = root;
        f = new Fixture(root);
    }

    private Map<String, Object> play(Object... args) {
        return f.claims("play", args(args));
    }

    /** A token with the given raw header and claims JSON, signed by the district key. */
    private String raw(String headerJson, String claimsJson) throws Exception {
        String input = B64.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
        var signature = java.security.Signature.getInstance("Ed25519");
        signature.initSign(f.district.getPrivate());
        signature.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + B64.encodeToString(signature.sign());
    }

    private String rawClaims(String claimsJson) throws Exception {
        return raw("{\"alg\":\"EdDSA\",\"kid\":\"district-058\"}", claimsJson);
    }

    // --- acceptance ---------------------------------------------------------------------------------------------

    @Test
    void acceptsAPlayAndReportsItsEnvelope() {
        Map<String, Object> claims = play("source", "http://radio.example/live.mp3", "volume", 70L);
        Outcome.Accepted ok = accepted(f.verify(f.districtSigner, claims));
        Envelope e = ok.envelope();
        assertEquals(claims.get("jti"), e.jti());
        assertEquals("district-058 operator", e.iss());
        assertEquals(TARGET, e.aud());
        assertEquals(Fixture.START, e.iat());
        assertEquals(Fixture.START + 300, e.exp());
        assertEquals("district-058", e.kid());
        assertEquals(Priority.HIGH, e.keyMaxPriority());
        assertFalse(e.keyAdmin());
        assertEquals("play", e.cmd());
        Play p = (Play) ok.command();
        assertEquals(List.of("http://radio.example/live.mp3"), p.source());
        assertEquals(Priority.NORMAL, p.priority());
        assertEquals(claims.get("jti"), p.session());
        assertEquals(70, p.volume());
        assertEquals(1, f.verifier.acceptedCount());
    }

    @Test
    void acceptsEveryCommandType() {
        accepted(f.verify(f.districtSigner, f.claims("stop", null)), Stop.class);
        accepted(f.verify(f.districtSigner, f.claims("stop", args("session", "s1"))), Stop.class);
        accepted(f.verify(f.districtSigner, f.claims("volume", args("level", 40L))), Volume.class);
        accepted(f.verify(f.districtSigner, f.claims("ping", null)), Ping.class);
        accepted(f.verify(f.districtSigner, f.claims("ping", Map.of())), Ping.class);
        Schedule put = accepted(f.verify(f.districtSigner, f.claims("schedule", args("op", "put", "items",
                List.of(args("id", "morning", "days", "daily", "at", "06:30", "source", "http://r.example/news"))))),
                Schedule.class);
        assertEquals(1, put.items().size());
        accepted(f.verify(f.districtSigner, f.claims("schedule", args("op", "remove", "ids", List.of("morning")))),
                Schedule.class);
        accepted(f.verify(f.districtSigner, f.claims("schedule", args("op", "clear"))), Schedule.class);
        Keys keys = accepted(f.verify(f.adminSigner, f.claims("keys", args("op", "add", "kid", "commune-7",
                "pem", Pem.write(Fixture.generate().getPublic()), "max_priority", "normal"))), Keys.class);
        assertEquals(Priority.NORMAL, keys.maxPriority());
        accepted(f.verify(f.adminSigner, f.claims("keys", args("op", "revoke", "kid", "commune-7"))), Keys.class);
    }

    @Test
    void acceptsGroupCommandsOnTheGroupTopic() {
        Map<String, Object> claims = play("source", "tone:1000", "duration_s", 5L);
        claims.put("aud", "group/hn");
        Outcome outcome = f.verifier.verify(f.districtSigner.sign(claims).getBytes(StandardCharsets.US_ASCII),
                "group/hn", false);
        assertEquals("group/hn", accepted(outcome).envelope().aud());
    }

    @Test
    void emergencyKeysMayPlayEmergencies() {
        Play p = accepted(f.verify(f.emergencySigner, play("source", "http://a.example/x", "priority", "emergency")),
                Play.class);
        assertEquals(Priority.EMERGENCY, p.priority());
    }

    @Test
    void toleratesWhitespaceAroundTheTokenAndATypHeader() throws Exception {
        accepted(f.verify(" " + f.districtSigner.sign(f.claims("ping", null)) + "\r\n"));
        String token = raw("{\"alg\":\"EdDSA\",\"kid\":\"district-058\",\"typ\":\"JWT\"}", Json.write(f.claims("ping", null)));
        accepted(f.verify(token));
    }

    // --- cheap rejections first ---------------------------------------------------------------------------------

    @Test
    void retainedCommandsAreNeverExecutedAndNamed() {
        Map<String, Object> claims = f.claims("ping", null);
        String token = f.districtSigner.sign(claims);
        Rejection r = rejected(f.verifier.verify(token.getBytes(StandardCharsets.US_ASCII), TARGET, true),
                RejectCode.RETAINED, "retained", "retain=false");
        assertEquals(claims.get("jti"), r.jti());
        // not recorded: the same command sent properly is accepted
        accepted(f.verify(token));
    }

    @Test
    void oversizedMessagesAreRejectedBeforeAnyParsing() {
        byte[] big = new byte[16385];
        Rejection r = rejected(f.verifier.verify(big, TARGET, false), RejectCode.TOO_LARGE, "16385 bytes",
                "at most 16384", "security.max_command_bytes");
        assertNull(r.jti());
        accepted(f.verifier.verify(padTo(f.districtSigner.sign(f.claims("ping", null)), 16384), TARGET, false));
    }

    private static byte[] padTo(String token, int size) {
        byte[] out = new byte[size];
        java.util.Arrays.fill(out, (byte) ' ');
        System.arraycopy(token.getBytes(StandardCharsets.US_ASCII), 0, out, 0, token.length());
        return out;
    }

    @Test
    void signatureVerificationsAreRateLimitedAndTheBucketRefills() throws Exception {
        f.close();
        f = new Fixture(root.resolve("limited"), 5, 1000);
        for (int i = 0; i < 10; i++) { // burst: twice the rate
            rejected(f.verify(new CommandSigner("district-058", f.stranger.getPrivate()).sign(f.claims("ping", null))), RejectCode.BAD_SIGNATURE);
        }
        Map<String, Object> claims = f.claims("ping", null);
        Outcome limited = f.verify(f.districtSigner, claims);
        rejected(limited, RejectCode.RATE_LIMITED, "more than 5 commands per second", "security.max_commands_per_s");
        assertEquals(claims.get("jti"), ((Outcome.Rejected) limited).rejection().jti(), "echoed for the sender's retry");
        f.nanos.addAndGet(200_000_000L); // one token
        accepted(f.verify(f.districtSigner.sign(f.claims("ping", null))));
        rejected(f.verify(f.districtSigner.sign(f.claims("ping", null))), RejectCode.RATE_LIMITED);
        f.nanos.addAndGet(60_000_000_000L); // a long quiet: the bucket holds only a burst
        for (int i = 0; i < 10; i++) {
            accepted(f.verify(f.districtSigner.sign(f.claims("ping", null))));
        }
        rejected(f.verify(f.districtSigner.sign(f.claims("ping", null))), RejectCode.RATE_LIMITED);
        assertEquals(3, f.verifier.rejectedCount(RejectCode.RATE_LIMITED));
    }

    @Test
    void forgeriesWithoutATrustedKeyNeverTakeARealCommandsTurn() throws Exception {
        f.close();
        f = new Fixture(root.resolve("limited"), 5, 1000);
        for (int i = 0; i < 1000; i++) {
            rejected(f.verify("garbage"), RejectCode.MALFORMED);
            rejected(f.verify(new CommandSigner("intruder", f.stranger.getPrivate()).sign(f.claims("ping", null))), RejectCode.UNKNOWN_KEY);
        }
        accepted(f.verify(f.districtSigner.sign(f.claims("ping", null))));
        assertEquals(0, f.verifier.rejectedCount(RejectCode.RATE_LIMITED));
    }

    // --- JWS shape and header -----------------------------------------------------------------------------------

    @Test
    void messagesThatAreNotCompactJwsAreMalformed() {
        String good = f.districtSigner.sign(f.claims("ping", null));
        String[] parts = good.split("\\.");
        rejected(f.verify(""), RejectCode.MALFORMED, "empty");
        rejected(f.verify("{\"cmd\":\"play\"}"), RejectCode.MALFORMED, "byte '{'", "base64url");
        rejected(f.verify(parts[0] + "." + parts[1]), RejectCode.MALFORMED, "three dot-separated");
        rejected(f.verify(good + ".x"), RejectCode.MALFORMED, "more than three");
        rejected(f.verify(parts[0] + ".." + parts[2]), RejectCode.MALFORMED, "payload part is empty");
        rejected(f.verify(parts[0] + "." + parts[1] + "."), RejectCode.MALFORMED, "signature part is empty");
        rejected(f.verify(parts[0] + "=." + parts[1] + "." + parts[2]), RejectCode.MALFORMED, "'='", "no '=' padding");
        rejected(f.verify(parts[0] + "." + parts[1] + "." + parts[2].substring(0, 85)), RejectCode.MALFORMED,
                "no base64url text");
        rejected(f.verify(parts[0] + "." + parts[1] + "." + parts[2].substring(0, 84)), RejectCode.MALFORMED,
                "63 bytes", "64");
        rejected(f.verify(parts[0] + "." + parts[1] + "." + parts[2].replace(parts[2].charAt(3), '+')),
                RejectCode.MALFORMED, "'+'");
        Rejection r = rejected(f.verifier.verify(new byte[] {'a', '.', 'b', '.', (byte) 0xFF}, TARGET, false),
                RejectCode.MALFORMED, "0xFF");
        assertNull(r.jti());
    }

    @Test
    void headersOtherThanEdDsaWithAKidAreMalformed() throws Exception {
        String claims = Json.write(f.claims("ping", null));
        rejected(f.verify(raw("{\"alg\":\"RS256\",\"kid\":\"district-058\"}", claims)), RejectCode.MALFORMED,
                "alg is the string 'RS256'", "EdDSA");
        rejected(f.verify(raw("{\"alg\":\"none\",\"kid\":\"district-058\"}", claims)), RejectCode.MALFORMED, "'none'");
        rejected(f.verify(raw("{\"kid\":\"district-058\"}", claims)), RejectCode.MALFORMED, "alg is missing");
        rejected(f.verify(raw("{\"alg\":\"EdDSA\"}", claims)), RejectCode.MALFORMED, "kid is missing");
        rejected(f.verify(raw("{\"alg\":\"EdDSA\",\"kid\":\"../etc/passwd\"}", claims)), RejectCode.MALFORMED,
                "kid is the string '../etc/passwd'");
        rejected(f.verify(raw("{\"alg\":\"EdDSA\",\"kid\":7}", claims)), RejectCode.MALFORMED, "kid is 7");
        rejected(f.verify(raw("{\"alg\":\"EdDSA\",\"kid\":\"district-058\",\"jwk\":{}}", claims)),
                RejectCode.MALFORMED, "header member 'jwk' is not accepted");
        rejected(f.verify(raw("{\"alg\":\"EdDSA\",\"kid\":\"district-058\",\"crit\":[\"b64\"]}", claims)),
                RejectCode.MALFORMED, "'crit'");
        rejected(f.verify(raw("{\"alg\":\"EdDSA\",\"kid\":\"district-058\",\"typ\":1}", claims)),
                RejectCode.MALFORMED, "typ is 1");
        rejected(f.verify(raw("{\"alg\":\"EdDSA\",\"kid\":\"a\",\"kid\":\"b\"}", claims)), RejectCode.MALFORMED,
                "duplicate member name");
        rejected(f.verify(raw("[\"EdDSA\"]", claims)), RejectCode.MALFORMED, "header is not a JSON object");
    }

    // --- keys and signatures ------------------------------------------------------------------------------------

    @Test
    void unknownKeysAreRejectedWithTheirId() {
        CommandSigner unknown = new CommandSigner("district-099", f.stranger.getPrivate());
        Map<String, Object> claims = f.claims("ping", null);
        Rejection r = rejected(f.verify(unknown, claims), RejectCode.UNKNOWN_KEY, "key 'district-099' is not trusted");
        assertEquals(claims.get("jti"), r.jti());
    }

    @Test
    void revokedKeysAreUnknownAndSaySo() throws Exception {
        f.keys.revoke("district-058");
        rejected(f.verify(f.districtSigner, f.claims("ping", null)), RejectCode.UNKNOWN_KEY,
                "key 'district-058' has been revoked");
    }

    @Test
    void aForgedSignatureIsBadSignatureWithTheProtocolsReason() {
        CommandSigner forger = new CommandSigner("district-058", f.stranger.getPrivate());
        Map<String, Object> claims = f.claims("play", args("source", "http://evil.example/x", "priority", "high"));
        Rejection r = rejected(f.verify(forger, claims), RejectCode.BAD_SIGNATURE);
        assertEquals("signature does not verify with key 'district-058'", r.reason());
        assertEquals(claims.get("jti"), r.jti());
    }

    @Test
    void anyChangeToASignedCommandBreaksTheSignature() {
        Map<String, Object> claims = play("source", "http://a.example/x");
        String[] parts = f.districtSigner.sign(claims).split("\\.");
        claims.put("args", args("source", "http://a.example/x", "priority", "high"));
        String tamperedClaims = B64.encodeToString(Json.write(claims).getBytes(StandardCharsets.UTF_8));
        rejected(f.verify(parts[0] + "." + tamperedClaims + "." + parts[2]), RejectCode.BAD_SIGNATURE);
        String otherHeader = B64.encodeToString("{\"alg\":\"EdDSA\",\"kid\":\"district-058\",\"typ\":\"JWT\"}"
                .getBytes(StandardCharsets.UTF_8));
        rejected(f.verify(otherHeader + "." + parts[1] + "." + parts[2]), RejectCode.BAD_SIGNATURE);
        byte[] sig = Base64.getUrlDecoder().decode(parts[2]);
        sig[10] ^= 1;
        rejected(f.verify(parts[0] + "." + parts[1] + "." + B64.encodeToString(sig)), RejectCode.BAD_SIGNATURE);
        // a signature by another trusted key does not do either
        String[] other = f.emergencySigner.sign(claims).split("\\.");
        rejected(f.verify(parts[0] + "." + other[1] + "." + other[2]), RejectCode.BAD_SIGNATURE);
    }

    // --- claims -------------------------------------------------------------------------------------------------

    @Test
    void claimsThatAreNotJsonOrLackAJtiHaveNoId() throws Exception {
        assertNull(rejected(f.verify(rawClaims("{\"jti\":\"a\",")), RejectCode.MALFORMED, "not a JSON object").jti());
        assertNull(rejected(f.verify(rawClaims("[]")), RejectCode.MALFORMED).jti());
        assertNull(rejected(f.verify(rawClaims("{\"cmd\":\"ping\"}")), RejectCode.MALFORMED, "claim jti is missing").jti());
        assertNull(rejected(f.verify(rawClaims("{\"jti\":\"a b\"}")), RejectCode.MALFORMED, "claim jti is the string 'a b'",
                "1-64 characters").jti());
        assertNull(rejected(f.verify(rawClaims("{\"jti\":\"" + "x".repeat(65) + "\"}")), RejectCode.MALFORMED).jti());
        assertNull(rejected(f.verify(rawClaims("{\"jti\":12}")), RejectCode.MALFORMED, "jti is 12").jti());
    }

    @Test
    void claimsAreCheckedByNameAndType() throws Exception {
        Map<String, Object> c = f.claims("ping", null);
        c.put("nbf", 1L);
        assertEquals(c.get("jti"), rejected(f.verify(f.districtSigner, c), RejectCode.MALFORMED,
                "claim 'nbf' is not understood").jti());
        c = f.claims("ping", null);
        c.remove("aud");
        rejected(f.verify(f.districtSigner, c), RejectCode.MALFORMED, "aud is missing", "station/<station id>");
        c = f.claims("ping", null);
        c.put("aud", List.of(TARGET));
        rejected(f.verify(f.districtSigner, c), RejectCode.MALFORMED, "aud is an array");
        c = f.claims("ping", null);
        c.put("iss", 5L);
        rejected(f.verify(f.districtSigner, c), RejectCode.MALFORMED, "iss is 5");
        c = f.claims("ping", null);
        c.put("iss", "x".repeat(257));
        rejected(f.verify(f.districtSigner, c), RejectCode.MALFORMED, "at most 256 characters");
        c = f.claims("ping", null);
        c.remove("iss");
        assertNull(accepted(f.verify(f.districtSigner, c)).envelope().iss());
        c = f.claims("ping", null);
        c.remove("cmd");
        rejected(f.verify(f.districtSigner, c), RejectCode.MALFORMED, "cmd is missing", "play, stop");
        c = f.claims("ping", null);
        c.put("iat", Fixture.START * 1000);
        rejected(f.verify(f.districtSigner, c), RejectCode.MALFORMED, "claim iat is", "not milliseconds");
        c = f.claims("ping", null);
        c.put("exp", 1.5);
        rejected(f.verify(f.districtSigner, c), RejectCode.MALFORMED, "claim exp is 1.5");
        c = f.claims("ping", null);
        c.remove("exp");
        rejected(f.verify(f.districtSigner, c), RejectCode.MALFORMED, "claim exp is missing");
        c = f.claims("ping", null);
        c.put("exp", Fixture.START - 1);
        rejected(f.verify(f.districtSigner, c), RejectCode.MALFORMED, "is before iat");
        c = f.claims("ping", null);
        c.put("exp", Fixture.START + 31L * 86400);
        rejected(f.verify(f.districtSigner, c), RejectCode.MALFORMED, "at most 2592000 s");
    }

    @Test
    void commandsForAnotherTargetAreWrongTarget() {
        Map<String, Object> c = f.claims("ping", null);
        c.put("aud", "station/bk-0002");
        rejected(f.verify(f.districtSigner, c), RejectCode.WRONG_TARGET, "addressed to 'station/bk-0002'",
                "arrived on 'station/bk-0001'");
        // a command for one of our groups must arrive on that group's topic, not be re-published to us
        c = f.claims("ping", null);
        c.put("aud", "group/hn");
        rejected(f.verify(f.districtSigner, c), RejectCode.WRONG_TARGET, "addressed to 'group/hn'");
        // a topic we do not serve (a wiring mistake) is refused too
        Map<String, Object> other = f.claims("ping", null);
        other.put("aud", "group/elsewhere");
        rejected(f.verifier.verify(f.districtSigner.sign(other).getBytes(StandardCharsets.US_ASCII), "group/elsewhere",
                false), RejectCode.WRONG_TARGET, "neither this station");
    }

    // --- time ---------------------------------------------------------------------------------------------------

    @Test
    void aSynchronisedClockAppliesIatAndExpWithTheSkew() {
        Map<String, Object> c = f.claims("ping", null);
        c.put("iat", Fixture.START + 30);
        accepted(f.verify(f.districtSigner, c)); // within the skew
        c = f.claims("ping", null);
        c.put("iat", Fixture.START + 31);
        c.put("exp", Fixture.START + 600);
        rejected(f.verify(f.districtSigner, c), RejectCode.NOT_YET_VALID, "31 s ahead",
                "security.clock_skew_s", "check the sender's clock");
        c = f.claims("ping", null);
        c.put("iat", Fixture.START - 100);
        c.put("exp", Fixture.START - 30);
        accepted(f.verify(f.districtSigner, c)); // expired, but within the skew
        c = f.claims("ping", null);
        c.put("iat", Fixture.START - 100);
        c.put("exp", Fixture.START - 31);
        rejected(f.verify(f.districtSigner, c), RejectCode.EXPIRED, "31 s ago", "synchronised");
    }

    // --- replay -------------------------------------------------------------------------------------------------

    @Test
    void aCommandIsObeyedOnceEvenAfterARestart() {
        String token = f.districtSigner.sign(play("source", "http://a.example/x"));
        accepted(f.verify(token));
        Rejection r = rejected(f.verify(token), RejectCode.REPLAY, "already received", "new jti");
        assertEquals("cmd-1", r.jti());
        f.restart();
        rejected(f.verify(token), RejectCode.REPLAY);
        // a different command reusing the jti is a replay too
        Map<String, Object> reuse = f.claims("ping", null);
        reuse.put("jti", "cmd-1");
        rejected(f.verify(f.districtSigner, reuse), RejectCode.REPLAY);
    }

    @Test
    void onlyAcceptedCommandsAreRemembered() {
        Map<String, Object> bad = play("source", "ftp://a.example/x");
        rejected(f.verify(f.districtSigner, bad), RejectCode.MALFORMED, "scheme 'ftp'");
        Map<String, Object> tooHigh = play("source", "http://a.example/x", "priority", "emergency");
        tooHigh.put("jti", bad.get("jti"));
        rejected(f.verify(f.districtSigner, tooHigh), RejectCode.FORBIDDEN);
        Map<String, Object> fixed = play("source", "http://a.example/x");
        fixed.put("jti", bad.get("jti"));
        accepted(f.verify(f.districtSigner, fixed));
        assertEquals(1, f.replay.size());
    }

    @Test
    void aFullReplayWindowRefusesRatherThanForgets() throws Exception {
        f.close();
        f = new Fixture(root.resolve("small"), 1000, 3);
        for (int i = 0; i < 3; i++) {
            accepted(f.verify(f.districtSigner, f.claims("ping", null)));
        }
        rejected(f.verify(f.districtSigner, f.claims("ping", null)), RejectCode.RATE_LIMITED, "replay window is full");
        f.systemClock.advance(300 + 31); // the first three expire
        accepted(f.verify(f.districtSigner, f.claims("ping", null)));
    }

    // --- commands and permissions -------------------------------------------------------------------------------

    @Test
    void unknownCommandsAreUnsupportedAndBadArgumentsMalformed() {
        rejected(f.verify(f.districtSigner, f.claims("reboot", null)), RejectCode.UNSUPPORTED,
                "command 'reboot' is not supported", "play, stop, volume, schedule, ping, keys");
        rejected(f.verify(f.districtSigner, f.claims("volume", args("level", 101L))), RejectCode.MALFORMED,
                "args.level is 101", "0..100");
        Map<String, Object> c = f.claims("ping", null);
        c.put("args", "none");
        rejected(f.verify(f.districtSigner, c), RejectCode.MALFORMED, "args must be an object");
    }

    @Test
    void aKeyMayNotExceedItsPriority() {
        rejected(f.verify(f.districtSigner, play("source", "http://a.example/x", "priority", "emergency")),
                RejectCode.FORBIDDEN, "priority emergency needs a key allowed for it",
                "key 'district-058' is trusted up to high", "security.emergency_keys");
        accepted(f.verify(f.districtSigner, play("source", "http://a.example/x", "priority", "high")));
        rejected(f.verify(f.districtSigner, f.claims("schedule", args("op", "put", "items", List.of(
                args("id", "a", "days", "daily", "at", "07:00", "source", "tone:440", "priority", "emergency"))))),
                RejectCode.FORBIDDEN, "schedule item has priority emergency");
    }

    @Test
    void onlyKeyFilesListedInUpdateKeysMayUpdate() throws Exception {
        Map<String, Object> update = args("version", "2.0.0", "url", "https://updates.example.vn/cr_2.0.0_all.deb",
                "sha256", "ab".repeat(32));
        Update u = accepted(f.verify(f.releaseSigner, f.claims("update", update)), Update.class);
        assertEquals("2.0.0", u.version());
        assertEquals(3, u.token().split("\\.").length, "the signed command travels with it, for the root step");
        for (CommandSigner key : List.of(f.districtSigner, f.emergencySigner, f.adminSigner)) {
            rejected(f.verify(key, f.claims("update", update)), RejectCode.FORBIDDEN, "may not send update commands",
                    "security.update_keys");
        }
        // listed, but added by command: the board's own configuration alone grants root
        KeyPair added = Fixture.generate();
        f.keys.add("added-release", added.getPublic(), Priority.EMERGENCY, true);
        rejected(f.verify(new CommandSigner("added-release", added.getPrivate()), f.claims("update", update)),
                RejectCode.FORBIDDEN, "security.update_keys");
    }

    @Test
    void onlyAdminKeysManageKeys() throws Exception {
        String pem = Pem.write(Fixture.generate().getPublic());
        rejected(f.verify(f.districtSigner, f.claims("keys", args("op", "add", "kid", "x", "pem", pem,
                "max_priority", "emergency"))), RejectCode.FORBIDDEN, "may not send keys commands", "security.admin_keys");
        rejected(f.verify(f.districtSigner, f.claims("keys", args("op", "revoke", "kid", "province-alert"))),
                RejectCode.FORBIDDEN);
        rejected(f.verify(f.adminSigner, f.claims("keys", args("op", "add", "kid", "district-058", "pem", pem,
                "max_priority", "high"))), RejectCode.FORBIDDEN, "configured as a file", "district-058.pem");
        f.keys.revoke("old-key");
        rejected(f.verify(f.adminSigner, f.claims("keys", args("op", "add", "kid", "old-key", "pem", pem,
                "max_priority", "high"))), RejectCode.FORBIDDEN, "was revoked", "new id");
    }

    @Test
    void aKeyAddedByCommandIsTrustedOnceApplied() throws Exception {
        var pair = Fixture.generate();
        Keys add = accepted(f.verify(f.adminSigner, f.claims("keys", args("op", "add", "kid", "commune-7",
                "pem", Pem.write(pair.getPublic()), "max_priority", "normal"))), Keys.class);
        f.keys.apply(add);
        CommandSigner commune = new CommandSigner("commune-7", pair.getPrivate());
        assertEquals(Priority.NORMAL, accepted(f.verify(commune, play("source", "tone:440"))).envelope().keyMaxPriority());
        rejected(f.verify(commune, play("source", "tone:440", "priority", "high")), RejectCode.FORBIDDEN,
                "trusted up to normal");
    }

    // --- robustness ---------------------------------------------------------------------------------------------

    @Test
    void verificationNeverThrows() {
        rejected(f.verifier.verify(null, TARGET, false), RejectCode.INTERNAL, "could not be processed");
        rejected(f.verifier.verify(f.districtSigner.sign(f.claims("ping", null)).getBytes(StandardCharsets.US_ASCII),
                null, false), RejectCode.WRONG_TARGET);
        String good = f.districtSigner.sign(play("source", "http://a.example/x"));
        Random random = new Random(7);
        for (int i = 0; i < 3000; i++) {
            byte[] mutated = good.getBytes(StandardCharsets.US_ASCII);
            for (int n = 1 + random.nextInt(3); n > 0; n--) {
                mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            }
            f.nanos.addAndGet(1_000_000_000L);
            Outcome outcome = f.verifier.verify(mutated, TARGET, false);
            if (outcome instanceof Outcome.Accepted) {
                // only a mutation that base64-decodes to the same bytes could pass, and then only once
                assertEquals(1, f.verifier.acceptedCount());
            }
        }
        assertTrue(f.verifier.acceptedCount() <= 1);
    }
}
