package vn.communeradio.gateway.command;

import java.util.List;

/**
 * {@code play}: sources tried in order; optional fields are null when absent ({@code zones} empty = all zones,
 * {@code volume} null = the station's volume, {@code durationS} null = until the source ends or a stop).
 *
 * @param session   the id a {@code stop} names; the command's {@code jti} when not given
 * @param startAt   epoch seconds to start at, or null for now
 * @param sha256    expected SHA-256 of a {@code file} download in lowercase hex, or null
 */
public record Play(List<String> source, PlayMode mode, Priority priority, String session, Integer volume,
                   List<Integer> zones, Long durationS, Long startAt, String sha256) implements Command {

    public Play {
        source = List.copyOf(source);
        zones = List.copyOf(zones);
    }

    @Override
    public String name() {
        return "play";
    }

    static Play parse(Args args, String jti) throws CommandException {
        args.allow("source", "mode", "priority", "session", "volume", "zones", "duration_s", "start_at", "sha256");
        String sha256 = args.optText("sha256");
        if (sha256 != null && !isSha256(sha256)) {
            throw Args.malformed(args.field("sha256") + " is " + Ids.quote(sha256) + "; accepted: 64 hex digits");
        }
        String session = args.optId("session");
        List<String> sources = args.sources("source");
        PlayMode mode = args.mode("mode");
        String problem = mode == PlayMode.FILE ? SourceUrls.fileOnlyProblem(sources, args.field("mode") + " file")
                : sha256 != null ? SourceUrls.fileOnlyProblem(sources, args.field("sha256")) : null;
        if (problem != null) {
            throw Args.malformed(problem);
        }
        return new Play(sources, mode, args.priority("priority", Priority.NORMAL),
                session == null ? jti : session, args.optSmall("volume", 0, 100), args.zones("zones"),
                args.optInteger("duration_s", 1, MAX_DURATION_S), args.optInteger("start_at", 0, MAX_EPOCH_S),
                sha256 == null ? null : sha256.toLowerCase(java.util.Locale.ROOT));
    }

    /** A year: long enough for any bulletin, short enough that milliseconds never overflow. */
    static final long MAX_DURATION_S = 366L * 24 * 3600;
    /** Year 5138: rejects millisecond values sent by mistake for seconds, and keeps arithmetic safe. */
    static final long MAX_EPOCH_S = 100_000_000_000L;

    static boolean isSha256(String s) {
        if (s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }
}
