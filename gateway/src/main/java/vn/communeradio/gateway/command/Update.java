package vn.communeradio.gateway.command;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * {@code update} (keys in {@code security.update_keys} only): install the station's package {@code version} from
 * {@code url}, whose SHA-256 is {@code sha256}, not before {@code notBefore} plus this station's share of
 * {@code windowS} (rollouts in waves). A lower version than the running one needs {@code allowDowngrade}.
 *
 * @param size       the package's size in bytes when the sender gives it (checked before and after download), or null
 * @param notBefore  epoch seconds, or null for now
 * @param windowS    seconds over which stations spread their start after {@code notBefore}; 0 for all at once
 * @param token      the signed command as it arrived (compact JWS), which the root step verifies again; null
 *                   until {@link CommandVerifier} attaches it
 */
public record Update(String version, URI url, String sha256, Long size, Long notBefore, long windowS,
                     boolean allowDowngrade, String token) implements Command {

    /** Longest rollout window: a month. */
    public static final long MAX_WINDOW_S = 30L * 24 * 3600;
    /** Largest package a command may announce (the station's own limit, update.max_mb, is usually lower). */
    public static final long MAX_SIZE = 1L << 30;

    @Override
    public String name() {
        return "update";
    }

    static Update parse(Args args) throws CommandException {
        args.allow("version", "url", "sha256", "size", "not_before", "window_s", "allow_downgrade");
        String version = args.text("version");
        String problem = versionProblem(version);
        if (problem != null) {
            throw Args.malformed(args.field("version") + " is " + Ids.quote(version) + ": " + problem + "; accepted: "
                    + "a Debian package version ([epoch:]upstream[-revision], Debian Policy 5.6.12) of 1-64 characters");
        }
        String text = args.text("url");
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw Args.malformed(args.field("url") + " " + Ids.quote(text) + " is not a URL");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw Args.malformed(args.field("url") + " " + Ids.quote(text) + " is not an http(s) URL with a host");
        }
        String sha256 = args.text("sha256");
        if (!Play.isSha256(sha256)) {
            throw Args.malformed(args.field("sha256") + " is " + Ids.quote(sha256) + "; accepted: 64 hex digits");
        }
        Long size = args.optInteger("size", 1, MAX_SIZE);
        Long notBefore = args.optInteger("not_before", 0, Play.MAX_EPOCH_S);
        long window = args.has("window_s") ? args.integer("window_s", 0, MAX_WINDOW_S) : 0;
        return new Update(version, url, sha256.toLowerCase(Locale.ROOT), size, notBefore, window,
                args.bool("allow_downgrade", false), null);
    }

    /** This update with the signed command it came in. */
    Update withToken(String signed) {
        return new Update(version, url, sha256, size, notBefore, windowS, allowDowngrade, signed);
    }

    /** Why {@code v} is not a Debian version that is also safe in file names and shell words, or null. */
    static String versionProblem(String v) {
        if (v != null && v.length() > 64) {
            return "it is longer than 64 characters";
        }
        return DebianVersion.syntaxProblem(v);
    }
}
