package vn.communeradio.gateway.command;

import java.util.Arrays;
import java.util.Base64;

/**
 * The three parts of a JWS compact serialization ({@code header.payload.signature}, base64url without padding),
 * split and decoded without regular expressions. Whitespace around the token is tolerated (a token published from
 * a file often ends with a newline); the signing input is the exact bytes between.
 */
final class CompactJws {

    final byte[] token;
    /** The signing input is {@code token[start, secondDot)}. */
    final int start;
    final int secondDot;
    final byte[] header;
    final byte[] claims;
    final byte[] signature;

    private CompactJws(byte[] token, int start, int secondDot, byte[] header, byte[] claims, byte[] signature) {
        this.token = token;
        this.start = start;
        this.secondDot = secondDot;
        this.header = header;
        this.claims = claims;
        this.signature = signature;
    }

    static CompactJws parse(byte[] token) throws CommandException {
        int start = 0;
        int end = token.length;
        while (start < end && isBlank(token[start])) {
            start++;
        }
        while (end > start && isBlank(token[end - 1])) {
            end--;
        }
        if (start == end) {
            throw malformed("the message is empty; a command is a signed JWT (header.payload.signature)");
        }
        int firstDot = -1;
        int secondDot = -1;
        for (int i = start; i < end; i++) {
            byte b = token[i];
            if (b == '.') {
                if (firstDot < 0) {
                    firstDot = i;
                } else if (secondDot < 0) {
                    secondDot = i;
                } else {
                    throw malformed("the message has more than three dot-separated parts; a command is a JWS "
                            + "compact serialization header.payload.signature (JWE and JSON serializations are "
                            + "not accepted)");
                }
            } else if (!isBase64Url(b)) {
                throw malformed("the message has a byte " + describe(b) + " at offset " + i + "; a command is a "
                        + "JWT: three base64url parts (A-Z a-z 0-9 - _, no '=' padding) joined by dots");
            }
        }
        if (secondDot < 0) {
            throw malformed("the message is not a JWT: it needs three dot-separated base64url parts "
                    + "header.payload.signature");
        }
        return new CompactJws(token, start, secondDot, decode(token, start, firstDot, "header"),
                decode(token, firstDot + 1, secondDot, "payload"), decode(token, secondDot + 1, end, "signature"));
    }

    private static byte[] decode(byte[] token, int from, int to, String part) throws CommandException {
        int length = to - from;
        if (length == 0) {
            throw malformed("the JWT's " + part + " part is empty");
        }
        if (length % 4 == 1) {
            throw malformed("the JWT's " + part + " part has a length (" + length + ") no base64url text can have");
        }
        try {
            return Base64.getUrlDecoder().decode(Arrays.copyOfRange(token, from, to));
        } catch (IllegalArgumentException e) {
            throw malformed("the JWT's " + part + " part is not valid base64url: " + e.getMessage());
        }
    }

    private static boolean isBase64Url(byte b) {
        return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-' || b == '_';
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    private static String describe(byte b) {
        int v = b & 0xFF;
        return v >= 0x21 && v < 0x7F ? "'" + (char) v + "'" : String.format("0x%02X", v);
    }

    private static CommandException malformed(String reason) {
        return new CommandException(RejectCode.MALFORMED, reason);
    }
}
