package vn.communeradio.gateway.command;

/** Identifier rules of the protocol, checked without regular expressions (they run on every message). */
public final class Ids {

    private Ids() {
    }

    /** A {@code jti}, session or schedule item id: 1-64 characters of {@code A-Z a-z 0-9 . _ : -}. */
    public static boolean isCommandId(String s) {
        return check(s, true);
    }

    /** A key id: 1-64 characters of {@code A-Z a-z 0-9 . _ -}, as in configuration lists and file names. */
    public static boolean isKeyId(String s) {
        return check(s, false) && !s.equals(".") && !s.equals("..");
    }

    private static boolean check(String s, boolean colon) {
        if (s == null || s.isEmpty() || s.length() > 64) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-' || (colon && c == ':');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * Quotes untrusted text for a reason: at most 40 characters, non-printable ones shown as {@code ?}, so a
     * hostile message cannot make acks huge or smuggle control characters into logs.
     */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(48).append('\'');
        int n = Math.min(text.length(), 40);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            out.append(c < 0x20 || c == 0x7F || Character.isSurrogate(c) ? '?' : c);
        }
        return out.append(text.length() > 40 ? "...'" : "'").toString();
    }
}
