package vn.communeradio.gateway.update;

/**
 * Orders Debian package versions exactly as {@code dpkg --compare-versions} does ([epoch:]upstream[-revision],
 * '~' before everything, even the end), so that "is this a downgrade" means what dpkg will do.
 */
public final class DebianVersions {

    private DebianVersions() {
    }

    /** Negative, zero or positive as {@code a} sorts before, equal to or after {@code b}. */
    public static int compare(String a, String b) {
        long epochA = epoch(a);
        long epochB = epoch(b);
        if (epochA != epochB) {
            return Long.compare(epochA, epochB);
        }
        String restA = afterEpoch(a);
        String restB = afterEpoch(b);
        int upstream = verrevcmp(upstream(restA), upstream(restB));
        return upstream != 0 ? upstream : verrevcmp(revision(restA), revision(restB));
    }

    private static long epoch(String v) {
        int colon = v.indexOf(':');
        if (colon <= 0) {
            return 0;
        }
        try {
            return Long.parseLong(v.substring(0, colon));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String afterEpoch(String v) {
        int colon = v.indexOf(':');
        return colon < 0 ? v : v.substring(colon + 1);
    }

    private static String upstream(String v) {
        int dash = v.lastIndexOf('-');
        return dash < 0 ? v : v.substring(0, dash);
    }

    private static String revision(String v) {
        int dash = v.lastIndexOf('-');
        return dash < 0 ? "" : v.substring(dash + 1);
    }

    /** dpkg's verrevcmp: alternating non-digit parts (by {@link #order}) and numeric parts (by value). */
    private static int verrevcmp(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            int firstDiff = 0;
            while ((i < a.length() && !digit(at(a, i))) || (j < b.length() && !digit(at(b, j)))) {
                int ac = order(at(a, i));
                int bc = order(at(b, j));
                if (ac != bc) {
                    return ac - bc;
                }
                i++;
                j++;
            }
            while (at(a, i) == '0') {
                i++;
            }
            while (at(b, j) == '0') {
                j++;
            }
            while (digit(at(a, i)) && digit(at(b, j))) {
                if (firstDiff == 0) {
                    firstDiff = at(a, i) - at(b, j);
                }
                i++;
                j++;
            }
            if (digit(at(a, i))) {
                return 1;
            }
            if (digit(at(b, j))) {
                return -1;
            }
            if (firstDiff != 0) {
                return firstDiff;
            }
        }
        return 0;
    }

    private static char at(String s, int i) {
        return i < s.length() ? s.charAt(i) : 0;
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int order(char c) {
        if (digit(c)) {
            return 0;
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            return c;
        } else if (c == '~') {
            return -1;
        } else if (c != 0) {
            return c + 256;
        }
        return 0;
    }
}
