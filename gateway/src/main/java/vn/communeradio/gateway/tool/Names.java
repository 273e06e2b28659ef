package vn.communeradio.gateway.tool;

import vn.communeradio.gateway.command.Ids;

/**
 * The protocol's identifier rules, checked before anything is signed or sent so that a typo is a usage error
 * here rather than a {@code malformed} or {@code wrong_target} from every station; the rules are the stations'
 * own ({@link Ids}).
 */
final class Names {

    private Names() {
    }

    /** Key, station and group ids: the key-id rule (no colon, not "." or ".."). */
    static boolean isName(String s) {
        return Ids.isKeyId(s);
    }

    /** A {@code jti}: 1-64 characters of {@code A-Z a-z 0-9 . _ : -}. */
    static boolean isCommandId(String s) {
        return Ids.isCommandId(s);
    }

    /**
     * Text from the network made safe for a terminal: control characters (escape sequences could rewrite the
     * operator's screen) become {@code ?}.
     */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}
