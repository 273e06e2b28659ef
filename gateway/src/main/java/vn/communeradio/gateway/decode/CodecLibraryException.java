package vn.communeradio.gateway.decode;

/** A native decoding library cannot be used; the message names the Debian package that provides it. */
public final class CodecLibraryException extends Exception {

    public CodecLibraryException(String message, Throwable cause) {
        super(message, cause);
    }
}
