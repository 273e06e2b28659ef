package vn.communeradio.gateway.command;

/** {@code stop}: ends one session, or (session null) everything the sending key may stop. */
public record Stop(String session) implements Command {

    @Override
    public String name() {
        return "stop";
    }

    static Stop parse(Args args) throws CommandException {
        args.allow("session");
        return new Stop(args.optId("session"));
    }
}
