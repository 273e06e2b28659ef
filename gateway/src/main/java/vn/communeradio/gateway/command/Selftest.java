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
        if (args.raw("zones") instanceof List<?> list && list.isEmpty()) {
            return new Selftest(List.of()); // empty is every zone, as absent is: a central system sends what it has
        }
        return new Selftest(args.zones("zones"));
    }
}
