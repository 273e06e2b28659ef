package vn.communeradio.gateway.command;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code schedule}: {@code put} adds or replaces items by id, {@code remove} drops items by id, {@code clear} all. */
public record Schedule(Op op, List<ScheduleItem> items, List<String> ids) implements Command {

    /** Largest number of items or ids in one command. */
    static final int MAX_ITEMS = 500;

    /** What the command does to the stored schedule. */
    public enum Op { PUT, REMOVE, CLEAR }

    public Schedule {
        items = List.copyOf(items);
        ids = List.copyOf(ids);
    }

    @Override
    public String name() {
        return "schedule";
    }

    /** The highest priority among the items (LOW when there are none). */
    public Priority highestPriority() {
        Priority highest = Priority.LOW;
        for (ScheduleItem item : items) {
            if (item.priority().above(highest)) {
                highest = item.priority();
            }
        }
        return highest;
    }

    static Schedule parse(Args args) throws CommandException {
        String op = args.text("op");
        switch (op) {
            case "put": {
                args.allow("op", "items");
                List<?> raw = args.list("items", 1, MAX_ITEMS);
                List<ScheduleItem> items = new ArrayList<>();
                Set<String> ids = new HashSet<>();
                for (int i = 0; i < raw.size(); i++) {
                    ScheduleItem item = ScheduleItem.parse(Args.of(args.field("items") + "[" + i + "]", raw.get(i)));
                    if (!ids.add(item.id())) {
                        throw Args.malformed(args.field("items") + "[" + i + "].id " + Ids.quote(item.id())
                                + " appears twice; item ids must be distinct");
                    }
                    items.add(item);
                }
                return new Schedule(Op.PUT, items, List.of());
            }
            case "remove": {
                args.allow("op", "ids");
                List<?> raw = args.list("ids", 1, MAX_ITEMS);
                Set<String> ids = new HashSet<>();
                for (Object id : raw) {
                    if (!(id instanceof String s) || !Ids.isCommandId(s) || !ids.add(s)) {
                        throw Args.malformed(args.field("ids") + " lists " + Args.show(id)
                                + "; accepted: distinct item ids (1-64 characters of A-Z a-z 0-9 . _ : -)");
                    }
                }
                return new Schedule(Op.REMOVE, List.of(), castAll(raw));
            }
            case "clear":
                args.allow("op");
                return new Schedule(Op.CLEAR, List.of(), List.of());
            default:
                throw Args.malformed(args.field("op") + " is " + Ids.quote(op) + "; accepted: put, remove, clear");
        }
    }

    private static List<String> castAll(List<?> raw) {
        List<String> out = new ArrayList<>(raw.size());
        raw.forEach(id -> out.add((String) id));
        return out;
    }
}
