package vn.communeradio.gateway.supervision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether the board has a default route, read from the kernel's route tables ({@code /proc/net/route},
 * {@code /proc/net/ipv6_route}; readable without privileges). Each file's format is told by its lines, so tests
 * can point this at files of their own. No default route is what a wedged 4G modem looks like.
 */
public final class RouteTable {

    public static final List<Path> KERNEL = List.of(Path.of("/proc/net/route"), Path.of("/proc/net/ipv6_route"));

    private static final int RTF_UP = 0x0001;
    private static final int RTF_REJECT = 0x0200;
    private static final String ANY_V6 = "0".repeat(32);

    private final List<Path> files;

    public RouteTable(List<Path> files) {
        this.files = List.copyOf(files);
    }

    /** What the tables say. */
    public enum Answer { ROUTE, NO_ROUTE, UNKNOWN }

    /**
     * {@link Answer#ROUTE} if any file has a usable default route (up, not a reject route, not via loopback);
     * {@link Answer#UNKNOWN} when no file could be read: then nobody may conclude the board is cut off.
     */
    public Answer defaultRoute() {
        boolean read = false;
        for (Path file : files) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file);
            } catch (IOException e) {
                continue; // no IPv6 on this kernel, or not Linux
            }
            read = true;
            for (String line : lines) {
                if (isDefault(line.trim().split("\\s+"))) {
                    return Answer.ROUTE;
                }
            }
        }
        return read ? Answer.NO_ROUTE : Answer.UNKNOWN;
    }

    public List<Path> files() {
        return files;
    }

    private static boolean isDefault(String[] f) {
        try {
            if (f.length >= 10 && f[0].length() == 32) {
                // ipv6_route: dest plen src plen next-hop metric refcnt use flags iface
                int flags = Integer.parseUnsignedInt(f[8], 16);
                return f[0].equals(ANY_V6) && f[1].equals("00") && (flags & RTF_UP) != 0
                        && (flags & RTF_REJECT) == 0 && !f[9].equals("lo");
            }
            if (f.length >= 8 && f[1].length() == 8) {
                // route: Iface Destination Gateway Flags RefCnt Use Metric Mask ...
                int flags = Integer.parseUnsignedInt(f[3], 16);
                return f[1].equals("00000000") && f[7].equals("00000000") && (flags & RTF_UP) != 0
                        && (flags & RTF_REJECT) == 0 && !f[0].equals("lo");
            }
        } catch (NumberFormatException e) {
            // the header line, or a line of another format
        }
        return false;
    }
}
