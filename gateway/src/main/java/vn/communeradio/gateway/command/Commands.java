package vn.communeradio.gateway.command;

/** Turns a {@code cmd} word and its {@code args} (parsed JSON) into a typed {@link Command}. */
public final class Commands {

    /** The commands this station knows, for reasons. */
    static final String KNOWN = "play, stop, volume, schedule, ping, keys, update, selftest";

    private Commands() {
    }

    /**
     * Parses the arguments of {@code cmd}; {@code jti} is the default play session. Throws {@code unsupported}
     * for an unknown command and {@code malformed} for bad arguments.
     */
    public static Command parse(String cmd, Object args, String jti) throws CommandException {
        Args a = Args.of("args", args);
        switch (cmd) {
            case "play":
                return Play.parse(a, jti);
            case "stop":
                return Stop.parse(a);
            case "volume":
                return Volume.parse(a);
            case "schedule":
                return Schedule.parse(a);
            case "ping":
                return Ping.parse(a);
            case "keys":
                return Keys.parse(a);
            case "update":
                return Update.parse(a);
            case "selftest":
                return Selftest.parse(a);
            default:
                throw new CommandException(RejectCode.UNSUPPORTED, "command " + Ids.quote(cmd)
                        + " is not supported by this station; supported: " + KNOWN);
        }
    }
}
