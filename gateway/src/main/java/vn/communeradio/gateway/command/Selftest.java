package vn.communeradio.gateway.command;

import java.util.List;

/**
 * {@code selftest} (extension): the zone self-test, at priority low: amplifier on, then each zone alone, a test
 * signal measured at the sense input; the given zones, or all when empty.
 */
public record Selftest(List<Integer> zones) implements Command {

    public Selftest {
        zones = List.copyOf(zones);
    }

    @Override
    public String name() {
        return "selftest";
    }

    static Selftest parse(Args args) throws CommandException {
        args.allow("zones");
        return new Selftest(args.zones("zones"));
    }
}
