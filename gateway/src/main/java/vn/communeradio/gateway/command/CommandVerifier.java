package vn.communeradio.gateway.command;

import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;
import org.tinylog.Logger;
import vn.communeradio.gateway.json.Json;
import vn.communeradio.gateway.json.JsonException;

/**
 * Decides whether a command message is obeyed. Checks run cheapest first, so that a flood of forged messages
 * costs a size check and a parse, not a signature verification each: retained, size, JWS shape, header, key,
 * rate, signature, claims, target, time, replay, arguments, permission. The rate limit guards only signature
 * verifications, so forgeries without a trusted key id cannot use up a real command's turn. Only a command that passes all
 * of them is recorded in the replay window.
 *
 * <p>{@link #verify} never throws: a bug or an input we did not foresee becomes a {@code malformed} rejection
 * (logged), never a dead MQTT callback. Thread-safe.
 */
public final class CommandVerifier {

    /** Longest accepted {@code exp - iat}: bounds how long the replay window must remember an id. */
    public static final long MAX_LIFETIME_S = 30L * 24 * 3600;
    private static final Set<String> CLAIMS = Set.of("jti", "iss", "aud", "iat", "exp", "cmd", "args");
    private static final String CLAIM_LIST = "jti, iss, aud, iat, exp, cmd, args";

    private final TrustedKeys keys;
    private final ReplayWindow replay;
    private final CommandTimes times;
    private final String stationTarget;
    private final Set<String> targets;
    private final int maxBytes;
    private final int maxPerSecond;
    private final RateLimiter limiter;
    private final ThreadLocal<KeyedVerifier> verifiers = ThreadLocal.withInitial(KeyedVerifier::new);
    private final AtomicLongArray rejections = new AtomicLongArray(RejectCode.values().length);
    private final AtomicLong accepted = new AtomicLong();

    /**
     * @param stationId    config {@code station.id}: commands for {@code station/<id>} are ours
     * @param times        judges iat and exp
     * @param groups       config {@code station.groups}: commands for {@code group/<id>} are ours
     * @param maxBytes     config {@code security.max_command_bytes}
     * @param maxPerSecond config {@code security.max_commands_per_s}; bursts of twice this are allowed
     * @param nanoTime     monotonic time for the rate limit ({@code System::nanoTime})
     */
    public CommandVerifier(TrustedKeys keys, ReplayWindow replay, CommandTimes times, String stationId,
                           Collection<String> groups, int maxBytes, int maxPerSecond, LongSupplier nanoTime) {
        this.keys = keys;
        this.replay = replay;
        this.times = times;
        this.stationTarget = "station/" + stationId;
        Set<String> ours = new LinkedHashSet<>();
        ours.add(stationTarget);
        groups.forEach(g -> ours.add("group/" + g));
        this.targets = Set.copyOf(ours);
        this.maxBytes = maxBytes;
        this.maxPerSecond = maxPerSecond;
        this.limiter = new RateLimiter(maxPerSecond, nanoTime);
    }

    public CommandVerifier(TrustedKeys keys, ReplayWindow replay, CommandTimes times, String stationId,
                           Collection<String> groups, int maxBytes, int maxPerSecond) {
        this(keys, replay, times, stationId, groups, maxBytes, maxPerSecond, System::nanoTime);
    }

    /**
     * Verifies one MQTT message.
     *
     * @param payload     the message body
     * @param topicTarget {@code station/<id>} or {@code group/<id>}: where the message arrived
     * @param retained    the MQTT retained flag
     */
    public Outcome verify(byte[] payload, String topicTarget, boolean retained) {
        Outcome outcome;
        try {
            outcome = check(payload, topicTarget, retained);
        } catch (RuntimeException | StackOverflowError e) {
            Logger.error(e, "command verification failed unexpectedly; rejected internal");
            outcome = reject(null, RejectCode.INTERNAL, "the command could not be processed ("
                    + e.getClass().getSimpleName() + "); the station's log has details");
        }
        if (outcome instanceof Outcome.Rejected r) {
            rejections.incrementAndGet(r.rejection().code().ordinal());
        } else {
            accepted.incrementAndGet();
        }
        return outcome;
    }

    /** Commands rejected with {@code code} since start (for telemetry). */
    public long rejectedCount(RejectCode code) {
        return rejections.get(code.ordinal());
    }

    /** Commands accepted since start. */
    public long acceptedCount() {
        return accepted.get();
    }

    private Outcome check(byte[] payload, String topicTarget, boolean retained) {
        if (retained) {
            return reject(payload.length <= maxBytes ? peekJtiOfToken(payload) : null, RejectCode.RETAINED,
                    "the command arrived as a retained MQTT message and is never executed: publish commands "
                            + "with retain=false, and clear this one by publishing an empty retained message to "
                            + "the topic");
        }
        if (payload.length > maxBytes) {
            return reject(null, RejectCode.TOO_LARGE, "the command is " + payload.length + " bytes; this station "
                    + "accepts at most " + maxBytes + " (security.max_command_bytes)");
        }
        CompactJws jws;
        String kid;
        try {
            jws = CompactJws.parse(payload);
            kid = headerKid(jws.header);
        } catch (CommandException e) {
            return reject(null, e.code(), e.reason());
        }
        TrustedKey key = keys.find(kid);
        if (key == null) {
            return reject(peekJti(jws.claims), RejectCode.UNKNOWN_KEY, keys.isRevoked(kid)
                    ? "key " + Ids.quote(kid) + " has been revoked"
                    : "key " + Ids.quote(kid) + " is not trusted by this station (no " + kid + ".pem among its keys)");
        }
        if (jws.signature.length != 64) {
            return reject(peekJti(jws.claims), RejectCode.MALFORMED, "the signature is " + jws.signature.length
                    + " bytes; an Ed25519 signature is 64");
        }
        // only what would cost a signature verification takes a token: forgeries that fail the cheap checks above
        // cannot starve a real command of the station's attention
        if (!limiter.tryAcquire()) {
            return reject(peekJti(jws.claims), RejectCode.RATE_LIMITED, "more than " + maxPerSecond + " commands "
                    + "per second (security.max_commands_per_s); this one was not checked: send it again later");
        }
        if (!signatureVerifies(jws, key)) {
            return reject(peekJti(jws.claims), RejectCode.BAD_SIGNATURE, "signature does not verify with key "
                    + Ids.quote(kid));
        }
        return checkClaims(jws, key, topicTarget);
    }

    private Outcome checkClaims(CompactJws jws, TrustedKey key, String topicTarget) {
        Map<String, Object> claims;
        try {
            claims = Json.parseObject(jws.claims);
        } catch (JsonException e) {
            return reject(null, RejectCode.MALFORMED, "the JWT claims are not a JSON object: " + e.getMessage());
        }
        Object jtiValue = claims.get("jti");
        if (!(jtiValue instanceof String jti) || !Ids.isCommandId(jti)) {
            return reject(null, RejectCode.MALFORMED, jtiValue == null ? "claim jti is missing"
                    : "claim jti is " + Args.show(jtiValue) + "; accepted: 1-64 characters of A-Z a-z 0-9 . _ : -");
        }
        for (String name : claims.keySet()) {
            if (!CLAIMS.contains(name)) {
                return reject(jti, RejectCode.MALFORMED, "claim " + Ids.quote(name) + " is not understood; claims: "
                        + CLAIM_LIST);
            }
        }
        Object iss = claims.get("iss");
        Object aud = claims.get("aud");
        Object cmd = claims.get("cmd");
        if (iss != null && (!(iss instanceof String text) || text.length() > 256)) {
            return reject(jti, RejectCode.MALFORMED, "claim iss is " + Args.show(iss) + "; accepted: a string of "
                    + "at most 256 characters");
        }
        if (!(aud instanceof String)) {
            return reject(jti, RejectCode.MALFORMED, "claim aud is " + (aud == null ? "missing" : Args.show(aud))
                    + "; accepted: \"station/<station id>\" or \"group/<group id>\"");
        }
        if (!(cmd instanceof String)) {
            return reject(jti, RejectCode.MALFORMED, "claim cmd is " + (cmd == null ? "missing" : Args.show(cmd))
                    + "; accepted: " + Commands.KNOWN);
        }
        Object iatValue = claims.get("iat");
        Object expValue = claims.get("exp");
        for (String name : new String[] {"iat", "exp"}) {
            Object value = claims.get(name);
            if (!(value instanceof Long n) || n < 0 || n > Play.MAX_EPOCH_S) {
                return reject(jti, RejectCode.MALFORMED, "claim " + name + " is "
                        + (value == null ? "missing" : Args.show(value)) + "; accepted: an integer number of "
                        + "seconds since 1970 (not milliseconds)");
            }
        }
        long iat = (Long) iatValue;
        long exp = (Long) expValue;
        if (exp < iat) {
            return reject(jti, RejectCode.MALFORMED, "claim exp " + exp + " is before iat " + iat);
        }
        if (exp - iat > MAX_LIFETIME_S) {
            return reject(jti, RejectCode.MALFORMED, "the command is valid for " + (exp - iat) + " s (exp - iat); "
                    + "this station accepts at most " + MAX_LIFETIME_S + " s (30 days)");
        }
        if (topicTarget == null || !targets.contains(topicTarget)) {
            return reject(jti, RejectCode.WRONG_TARGET, "the command arrived on " + Ids.quote(String.valueOf(topicTarget))
                    + ", which is neither this station (" + stationTarget + ") nor one of its groups");
        }
        if (!aud.equals(topicTarget)) {
            return reject(jti, RejectCode.WRONG_TARGET, "the command is addressed to " + Ids.quote((String) aud)
                    + " but arrived on " + Ids.quote(topicTarget) + "; aud must name the topic's target");
        }
        CommandTimes.Judgement time = times.judge(key.kid(), iat, exp);
        if (!time.ok()) {
            return reject(jti, time.code(), time.reason());
        }
        Outcome seen = replayProblem(jti, exp, replay.check(key.kid(), jti, exp, times::nowOf));
        if (seen != null) {
            return seen;
        }
        Command command;
        try {
            if (cmd.equals("keys") && !key.admin()) {
                return reject(jti, RejectCode.FORBIDDEN, "key " + Ids.quote(key.kid()) + " may not send keys "
                        + "commands; they need a key listed in security.admin_keys");
            }
            if (cmd.equals("update") && !keys.mayUpdate(key)) {
                return reject(jti, RejectCode.FORBIDDEN, "key " + Ids.quote(key.kid()) + " may not send update "
                        + "commands; they need a key file listed in security.update_keys");
            }
            command = Commands.parse((String) cmd, claims.get("args"), jti);
            if (command instanceof Update update) {
                // the root step checks the signature again before it installs anything
                command = update.withToken(new String(jws.token, java.nio.charset.StandardCharsets.US_ASCII).strip());
            }
        } catch (CommandException e) {
            return reject(jti, e.code(), e.reason());
        }
        String forbidden = permissionProblem(command, key);
        if (forbidden != null) {
            return reject(jti, RejectCode.FORBIDDEN, forbidden);
        }
        Outcome recorded = replayProblem(jti, exp, replay.record(key.kid(), jti, exp, times::nowOf));
        if (recorded != null) {
            return recorded;
        }
        return new Outcome.Accepted(new Envelope(jti, (String) iss, (String) aud, iat, exp, key.kid(),
                key.maxPriority(), key.admin(), (String) cmd, time.aheadS()), command);
    }

    private Outcome replayProblem(String jti, long exp, ReplayWindow.Verdict verdict) {
        return switch (verdict) {
            case FRESH -> null;
            case REPLAY -> reject(jti, RejectCode.REPLAY, "a command with jti " + Ids.quote(jti) + " was already "
                    + "received; every command needs a new jti");
            case BEYOND_HORIZON -> reject(jti, RejectCode.EXPIRED, "the command expired at "
                    + Instant.ofEpochSecond(exp) + ", before commands this station has already forgotten; "
                    + "check the sender's clock");
            case FULL -> reject(jti, RejectCode.RATE_LIMITED, "this station remembers " + replay.capacity()
                    + " unexpired commands already (its replay window is full); send it again once older "
                    + "commands expire, and give commands shorter lifetimes (exp - iat)");
        };
    }

    private String permissionProblem(Command command, TrustedKey key) {
        Priority max = key.maxPriority();
        if (command instanceof Play play && play.priority().above(max)) {
            return "priority " + play.priority().wire() + " needs a key allowed for it; key " + Ids.quote(key.kid())
                    + " is trusted up to " + max.wire() + priorityHint(play.priority());
        }
        if (command instanceof Schedule schedule && schedule.highestPriority().above(max)) {
            return "a schedule item has priority " + schedule.highestPriority().wire() + "; key "
                    + Ids.quote(key.kid()) + " is trusted up to " + max.wire() + priorityHint(schedule.highestPriority());
        }
        if (command instanceof Keys k && k.op() == Keys.Op.ADD) {
            if (keys.isRevoked(k.kid())) {
                return "key id " + Ids.quote(k.kid()) + " was revoked and revocations are permanent; add the new "
                        + "key under a new id";
            }
            if (keys.isFileKey(k.kid())) {
                return "key id " + Ids.quote(k.kid()) + " is configured as a file on the station; a technician "
                        + "changes or removes " + k.kid() + ".pem there";
            }
        }
        return null;
    }

    private static String priorityHint(Priority wanted) {
        return wanted == Priority.EMERGENCY ? " (security.emergency_keys lists the keys allowed emergency)"
                : " (keys added by command carry their own max_priority)";
    }

    static String headerKid(byte[] header) throws CommandException {
        Map<String, Object> members;
        try {
            members = Json.parseObject(header);
        } catch (JsonException e) {
            throw malformed("the JWT header is not a JSON object: " + e.getMessage());
        }
        Object alg = members.get("alg");
        Object kid = members.get("kid");
        Object typ = members.get("typ");
        for (String name : members.keySet()) {
            if (!name.equals("alg") && !name.equals("kid") && !name.equals("typ")) {
                throw malformed("JWT header member " + Ids.quote(name) + " is not accepted; header: "
                        + "{\"alg\":\"EdDSA\",\"kid\":\"<key id>\"} and optionally typ");
            }
        }
        if (!"EdDSA".equals(alg)) {
            throw malformed("JWT header alg is " + (alg == null ? "missing" : Args.show(alg))
                    + "; commands must be signed with EdDSA (Ed25519)");
        }
        if (typ != null && !(typ instanceof String)) {
            throw malformed("JWT header typ is " + Args.show(typ) + "; accepted: a string such as \"JWT\"");
        }
        if (!(kid instanceof String id) || !Ids.isKeyId(id)) {
            throw malformed("JWT header kid is " + (kid == null ? "missing" : Args.show(kid))
                    + "; accepted: a key id, 1-64 characters of A-Z a-z 0-9 . _ -");
        }
        return id;
    }

    private boolean signatureVerifies(CompactJws jws, TrustedKey key) {
        KeyedVerifier cached = verifiers.get();
        try {
            // commands come from few keys: re-initialising for the same key costs ~10% of a verification
            if (cached.key != key.key()) {
                cached.key = null;
                cached.signature.initVerify(key.key());
                cached.key = key.key();
            }
            cached.signature.update(jws.token, jws.start, jws.secondDot - jws.start);
            return cached.signature.verify(jws.signature);
        } catch (GeneralSecurityException e) {
            cached.key = null; // its state after a failure is not specified: initialise it again next time
            return false; // a signature the provider cannot even parse does not verify
        }
    }

    /** One thread's Ed25519 verifier and the key it was last initialised with. */
    private static final class KeyedVerifier {
        final Signature signature = newVerifier();
        PublicKey key;
    }

    /** The jti of a message we will not obey, when it can be read, so the sender can match the ack. */
    private static String peekJti(byte[] claimsJson) {
        try {
            Object jti = Json.parseObject(claimsJson).get("jti");
            return jti instanceof String s && Ids.isCommandId(s) ? s : null;
        } catch (JsonException | RuntimeException e) {
            return null;
        }
    }

    private static String peekJtiOfToken(byte[] payload) {
        try {
            return peekJti(CompactJws.parse(payload).claims);
        } catch (CommandException | RuntimeException e) {
            return null;
        }
    }

    private static Outcome reject(String jti, RejectCode code, String reason) {
        return new Outcome.Rejected(new Rejection(jti, code, reason));
    }

    private static CommandException malformed(String reason) {
        return new CommandException(RejectCode.MALFORMED, reason);
    }

    private static Signature newVerifier() {
        try {
            return Signature.getInstance("Ed25519");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no Ed25519 (Java 15 or later is needed)", e);
        }
    }
}
