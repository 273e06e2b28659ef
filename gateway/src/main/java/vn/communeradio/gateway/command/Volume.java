package vn.communeradio.gateway.command;

import java.util.List;

/** {@code volume}: sets and persists the level (0-100) of the given zones, or of all zones when empty. */
public record Volume(int level, List<Integer> zones) implements Command {

    public Volume {
        zones = List.copyOf(zones);
    }

    @Override
    public String name() {
        return "volume";
    }

    static Volume parse(Args args) throws CommandException {
        args.allow("level", "zones");
        return new Volume((int) args.integer("level", 0, 100), args.zones("zones"));
    }
}
