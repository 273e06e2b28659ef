package vn.communeradio.gateway.command;

/** {@code ping}: no arguments; answered with the station's state. */
public record Ping() implements Command {

    @Override
    public String name() {
        return "ping";
    }

    static Ping parse(Args args) throws CommandException {
        args.allow();
        return new Ping();
    }
}
