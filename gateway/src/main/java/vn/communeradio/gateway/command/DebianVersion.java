package vn.communeradio.gateway.command;

/**
 * A Debian package version, {@code [epoch:]upstream_version[-debian_revision]}, read and ordered as Debian Policy
 * §5.6.12 "Version" describes it (which is the order dpkg applies).
 *
 * <p>Written from Policy's text rather than asking {@code dpkg --compare-versions}: the updater compares on the
 * control loop, where waiting for a child process per command would stall it, and the order must hold off Debian
 * too (development machines, unit tests). dpkg stays the authority where it decides: the root step
 * ({@code install-update}) asks it again before it installs anything, and {@code DebianVersionTest} checks this
 * order against dpkg's on every pair of a list. Like dpkg's, the order is not equality of the text: "1.0" and
 * "1.00" are the same version, two different records.
 *
 * @param epoch    the digits before the first colon, "0" when there are none
 * @param upstream what lies between the epoch and the last hyphen
 * @param revision what follows the last hyphen, "0" when there is no hyphen (Policy: the same thing)
 */
public record DebianVersion(String epoch, String upstream, String revision) implements Comparable<DebianVersion> {

    /** dpkg refuses an epoch above a C int's range, so a command may not carry one. */
    private static final long MAX_EPOCH = Integer.MAX_VALUE;

    /**
     * Splits any text as Policy does, without judging it: a version that breaks Policy's syntax (a development
     * build's "dev") still gets a place in the order. {@link #syntaxProblem} says whether it is well formed.
     */
    public static DebianVersion of(String text) {
        String epoch = "0";
        String rest = text;
        int colon = text.indexOf(':');
        if (colon > 0 && allDigits(text, 0, colon)) {
            epoch = text.substring(0, colon);
            rest = text.substring(colon + 1);
        }
        int hyphen = rest.lastIndexOf('-');
        if (hyphen < 0) {
            return new DebianVersion(epoch, rest, "0");
        }
        return new DebianVersion(epoch, rest.substring(0, hyphen), rest.substring(hyphen + 1));
    }

    /** Negative, zero or positive as version {@code a} sorts before, equal to or after {@code b}. */
    public static int compare(String a, String b) {
        return of(a).compareTo(of(b));
    }

    /** Epochs by number, then upstream versions, then revisions, each with Policy's algorithm. */
    @Override
    public int compareTo(DebianVersion other) {
        int order = compareNumbers(epoch, other.epoch);
        if (order == 0) {
            order = comparePart(upstream, other.upstream);
        }
        return order != 0 ? order : comparePart(revision, other.revision);
    }

    /**
     * Why {@code text} is not a version by Policy's syntax (plus dpkg's limit on the epoch), or null when it is.
     * The upstream version must start with a digit here (Policy: "should").
     */
    static String syntaxProblem(String text) {
        if (text == null || text.isEmpty()) {
            return "it is empty";
        }
        String rest = text;
        int colon = text.indexOf(':');
        if (colon >= 0) {
            if (colon == 0 || !allDigits(text, 0, colon)) {
                return "the epoch (before ':') must be digits";
            }
            if (colon > 10 || Long.parseLong(text.substring(0, colon)) > MAX_EPOCH) {
                return "the epoch is larger than " + MAX_EPOCH;
            }
            rest = text.substring(colon + 1);
        }
        int hyphen = rest.lastIndexOf('-');
        String upstream = hyphen < 0 ? rest : rest.substring(0, hyphen);
        if (upstream.isEmpty() || !isDigit(upstream.charAt(0))) {
            return "the upstream version must start with a digit";
        }
        if (!only(upstream, ".+~-")) {
            return "the upstream version may hold only A-Z a-z 0-9 . + ~ and, before a revision, -";
        }
        if (hyphen >= 0) {
            String revision = rest.substring(hyphen + 1);
            if (revision.isEmpty()) {
                return "the revision after the last '-' is empty";
            }
            if (!only(revision, ".+~")) {
                return "the revision may hold only A-Z a-z 0-9 . + ~";
            }
        }
        return null;
    }

    /**
     * Policy's algorithm for an upstream version or a revision: from the left, alternately the longest run of
     * non-digits (compared character by character, see {@link #rank}) and the longest run of digits (compared
     * by value, an empty run counting as zero), until a run differs or both texts are used up.
     */
    private static int comparePart(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            int endA = runEnd(a, i, false);
            int endB = runEnd(b, j, false);
            int order = compareLetters(a.substring(i, endA), b.substring(j, endB));
            if (order != 0) {
                return order;
            }
            i = endA;
            j = endB;
            endA = runEnd(a, i, true);
            endB = runEnd(b, j, true);
            order = compareNumbers(a.substring(i, endA), b.substring(j, endB));
            if (order != 0) {
                return order;
            }
            i = endA;
            j = endB;
        }
        return 0;
    }

    /** Where the run of digits (or of non-digits) starting at {@code from} ends. */
    private static int runEnd(String s, int from, boolean digits) {
        int end = from;
        while (end < s.length() && isDigit(s.charAt(end)) == digits) {
            end++;
        }
        return end;
    }

    private static int compareLetters(String a, String b) {
        for (int k = 0; k < Math.max(a.length(), b.length()); k++) {
            int order = Integer.compare(rank(a, k), rank(b, k));
            if (order != 0) {
                return order;
            }
        }
        return 0;
    }

    /**
     * The place of character {@code k} of a non-digit run in Policy's modified ASCII order: '~' first, before even
     * the end of the run; then the end; then letters in ASCII order; then every other character in ASCII order.
     */
    private static int rank(String run, int k) {
        if (k >= run.length()) {
            return 0;
        }
        char c = run.charAt(k);
        if (c == '~') {
            return -1;
        }
        return isLetter(c) ? c : c + 0x100;
    }

    /** Two runs of digits by value, however long: without leading zeros, the longer is larger. */
    private static int compareNumbers(String a, String b) {
        String x = stripZeros(a);
        String y = stripZeros(b);
        return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
    }

    private static String stripZeros(String digits) {
        int first = 0;
        while (first < digits.length() && digits.charAt(first) == '0') {
            first++;
        }
        return digits.substring(first);
    }

    private static boolean allDigits(String s, int from, int to) {
        for (int k = from; k < to; k++) {
            if (!isDigit(s.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    private static boolean only(String s, String punctuation) {
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (!isDigit(c) && !isLetter(c) && punctuation.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
