package vn.communeradio.gateway.source;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.Locale;

/** An open HTTP response as a {@link SourceStream}: closing it (or its body) closes the connection. */
final class HttpSourceStream implements SourceStream {

    private final Socket socket;
    private final Wire wire;
    private final InputStream body;
    private final String contentType;
    private final String location;
    private final boolean live;
    private final long length;
    private final long offset;
    private final Validators validators;
    private volatile String title;

    HttpSourceStream(Socket socket, Wire wire, InputStream framed, int metaint, ResponseHead head, String location,
                     boolean live, long length, long offset) {
        this.offset = offset;
        this.socket = socket;
        this.wire = wire;
        this.location = location;
        this.live = live;
        this.length = metaint > 0 ? -1 : length; // metadata bytes are not audio
        this.contentType = mediaType(head.header("content-type"));
        this.validators = new Validators(head.header("etag"), head.header("last-modified"));
        InputStream audio = metaint > 0 ? new IcyMetadata(framed, metaint, t -> title = t) : framed;
        this.body = new ClosingBody(audio);
    }

    static String mediaType(String header) {
        if (header == null) {
            return null;
        }
        int semicolon = header.indexOf(';');
        String type = (semicolon < 0 ? header : header.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        return type.isEmpty() ? null : type;
    }

    @Override
    public InputStream body() {
        return body;
    }

    @Override
    public String contentType() {
        return contentType;
    }

    @Override
    public boolean live() {
        return live;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public long offset() {
        return offset;
    }

    @Override
    public Validators validators() {
        return validators;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public void close() throws IOException {
        wire.closedByUs();
        socket.close();
    }

    /** The body as callers see it: a decoder closing its input closes the connection. */
    private final class ClosingBody extends InputStream {
        private final InputStream in;

        ClosingBody(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, len);
        }

        @Override
        public void close() throws IOException {
            HttpSourceStream.this.close();
        }
    }
}
