package vn.communeradio.gateway.source;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * One open connection to a source: its body (ICY metadata already stripped), what the server said about it,
 * and whether it ended or dropped (PROTOCOL.md "When a source ends").
 */
public interface SourceStream extends Closeable {

    /**
     * The audio bytes. {@code read} returns -1 only at a proper end: a response whose length (Content-Length or a
     * terminated chunked body) was received whole, or the end of a local file. Anything else (an early close, a
     * response without a length that closes, no bytes for the stall timeout) throws an {@link IOException}
     * whose message says what happened: a drop, to recover from.
     */
    InputStream body();

    /** The Content-Type the server sent, lowercased without parameters, or null. */
    String contentType();

    /**
     * True when the response has no length: a live stream, whose sender clocks the audio. A chunked response
     * counts as having one (it ends properly with its last chunk), so it is not live.
     */
    boolean live();

    /** The body's length in bytes when known in advance (Content-Length, a local file's size), else -1. */
    default long length() {
        return -1;
    }

    /** Where the body starts in the whole resource: the start of a partial (206) answer to a Range request, else 0. */
    default long offset() {
        return 0;
    }

    /** What identifies this version of the resource to its server (ETag, Last-Modified), if it said. */
    default Validators validators() {
        return Validators.NONE;
    }

    /** The last ICY StreamTitle received, or null. Any thread may read it. */
    String title();

    /** Where this came from (after redirects), for logs and acks. */
    String location();

    @Override
    void close() throws IOException;
}
