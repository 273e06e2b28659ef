package vn.communeradio.gateway.tool;

import java.io.PrintStream;

/**
 * Shows acks as they arrive: one line per ack, {@code STATION  STATUS  [code: reason]} for people, or the
 * station's JSON unchanged (one object per line) for scripts.
 */
final class AckPrinter {

    private final PrintStream out;
    private final boolean json;
    private final String jti;

    AckPrinter(PrintStream out, boolean json, String jti) {
        this.out = out;
        this.json = json;
        this.jti = jti;
    }

    void print(StationAck ack) {
        out.println(json ? ack.raw().strip() : human(ack, jti));
        out.flush(); // a progress display: each line as it happens, also through a pipe
    }

    static String human(StationAck ack, String jti) {
        StringBuilder line = new StringBuilder(Names.printable(ack.station())).append("  ")
                .append(Names.printable(ack.status()));
        if (ack.code() != null) {
            line.append("  ").append(Names.printable(ack.code()));
            if (ack.reason() != null) {
                line.append(": ").append(Names.printable(ack.reason()));
            }
        } else if (ack.reason() != null) {
            line.append("  ").append(Names.printable(ack.reason()));
        }
        if (ack.resumed()) {
            line.append("  (resumed)");
        }
        if (ack.audioS() != null) {
            line.append(String.format(java.util.Locale.ROOT, "  audio %.2f s", ack.audioS()));
            if (ack.drops() > 0) {
                line.append(", ").append(ack.drops()).append(ack.drops() == 1 ? " drop" : " drops");
            }
        }
        // a play's session defaults to the jti; only a different one is worth showing (it is what stop takes)
        if (ack.session() != null && !ack.session().equals(jti)) {
            line.append("  session ").append(Names.printable(ack.session()));
        }
        return line.toString();
    }
}
