package vn.communeradio.gateway.source;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * The bytes coming from one connection, through one fixed buffer: nothing here grows with the stream, so a
 * server sending faster than the player reads is held back by TCP flow control, not by our memory. Every
 * failure comes out as an IOException that says, in plain words, which host did what.
 */
final class Wire {

    static final int BUFFER_SIZE = 8192;

    private final InputStream in;
    private final String peer;
    private final Duration stall;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int pos;
    private int limit;
    private volatile boolean closedByUs;

    /**
     * @param peer         "host:port" for messages
     * @param stall the socket's read timeout, for the stall message
     */
    Wire(InputStream in, String peer, Duration stall) {
        this.in = in;
        this.peer = peer;
        this.stall = stall;
    }

    String peer() {
        return peer;
    }

    /** Marks the wire closed on purpose, so that a read blocked in another thread says so instead of "reset". */
    void closedByUs() {
        closedByUs = true;
    }

    /** The next byte, or -1 when the peer closed the connection. */
    int read() throws IOException {
        if (pos == limit && fill() < 0) {
            return -1;
        }
        return buffer[pos++] & 0xff;
    }

    /** Up to {@code len} bytes (at least one, unless {@code len} is 0), or -1 when the peer closed the connection. */
    int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos == limit) {
            if (len >= buffer.length) {
                return receive(b, off, len); // a large read goes straight to the caller: no copy
            }
            if (fill() < 0) {
                return -1;
            }
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(buffer, pos, b, off, n);
        pos += n;
        return n;
    }

    /**
     * One line ending in LF (a CR before it dropped), decoded as ISO-8859-1 so header bytes stay bytes, or null
     * when the peer closed before any byte of it. A line without its LF before the close is returned as it is.
     *
     * @param max     the most bytes the line may take, its end included
     * @param tooLong the message of the IOException thrown for a longer line
     */
    String readLine(int max, String tooLong) throws IOException {
        StringBuilder line = new StringBuilder(64);
        int used = 0;
        while (true) {
            int c = read();
            if (c < 0) {
                return used == 0 ? null : withoutCr(line);
            }
            if (++used > max) {
                throw new IOException(tooLong);
            }
            if (c == '\n') {
                return withoutCr(line);
            }
            line.append((char) c);
        }
    }

    private static String withoutCr(StringBuilder line) {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
            end--;
        }
        return line.substring(0, end);
    }

    private int fill() throws IOException {
        int n = receive(buffer, 0, buffer.length);
        pos = 0;
        limit = Math.max(n, 0);
        return n;
    }

    private int receive(byte[] b, int off, int len) throws IOException {
        try {
            return in.read(b, off, len);
        } catch (SocketTimeoutException e) {
            throw new IOException("no data from " + peer + " for " + SourceSettings.words(stall));
        } catch (IOException e) {
            throw translate(e);
        }
    }

    private IOException translate(IOException e) {
        if (closedByUs) {
            return new IOException("connection to " + peer + " closed by the station");
        }
        if (e instanceof SocketException && e.getMessage() != null && e.getMessage().contains("reset")) {
            return new IOException(peer + " reset the connection", e);
        }
        return new IOException("connection to " + peer + " failed: " + e.getMessage(), e);
    }
}
