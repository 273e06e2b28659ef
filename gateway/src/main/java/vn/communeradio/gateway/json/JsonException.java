package vn.communeradio.gateway.json;

/** Text that is not strict JSON (RFC 8259) or breaks a parser limit; the message says where and why. */
public final class JsonException extends Exception {

    private final int offset;

    public JsonException(String message, int offset) {
        super(message + " at offset " + offset);
        this.offset = offset;
    }

    /** Character offset of the problem in the parsed text (bytes and characters agree for ASCII input). */
    public int offset() {
        return offset;
    }
}
