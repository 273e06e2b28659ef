package vn.communeradio.gateway.tool;

/** Who a command is for: one station or every station in a group; also the command's {@code aud}. */
record Target(Kind kind, String id) {

    enum Kind { STATION, GROUP }

    static Target parse(String text) throws UsageException {
        int slash = text.indexOf('/');
        String kind = slash < 0 ? "" : text.substring(0, slash);
        String id = slash < 0 ? "" : text.substring(slash + 1);
        if (!(kind.equals("station") || kind.equals("group")) || !Names.isName(id)) {
            throw new UsageException("send: --to '" + Names.printable(text) + "' must be station/ID or group/ID, "
                    + "the ID 1-64 characters of A-Z a-z 0-9 . _ -");
        }
        return new Target(kind.equals("station") ? Kind.STATION : Kind.GROUP, id);
    }

    boolean isGroup() {
        return kind == Kind.GROUP;
    }

    /** The {@code aud} claim: stations refuse a command whose aud is not the topic it came on. */
    String audience() {
        return (isGroup() ? "group/" : "station/") + id;
    }

    String commandTopic(String prefix) {
        return prefix + "/" + audience() + "/cmd";
    }
}
