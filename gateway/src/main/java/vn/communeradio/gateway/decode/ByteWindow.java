package vn.communeradio.gateway.decode;

import java.io.IOException;
import java.io.InputStream;

/**
 * A bounded look-ahead over an input stream: the parsers peek at the next bytes, then consume them. One buffer,
 * allocated once; reads from the input are small, so that a parser that gives up has read little past the point
 * where it gave up.
 */
final class ByteWindow {

    /** Most bytes one read asks the input for beyond what the caller needs. */
    private static final int CHUNK = 8192;

    private final InputStream in;
    private final byte[] buf;
    private int start;
    private int end;
    private long position;
    private boolean eof;

    ByteWindow(InputStream in, int capacity) {
        this.in = in;
        this.buf = new byte[capacity];
    }

    /**
     * Makes at least {@code n} bytes available at offset 0 (n at most the capacity), blocking on the input.
     *
     * @return false when the input ends first (what it had is still available)
     */
    boolean fill(int n) throws IOException {
        if (n > buf.length) {
            throw new IllegalArgumentException("look-ahead of " + n + " bytes exceeds the window of " + buf.length);
        }
        while (end - start < n) {
            if (eof) {
                return false;
            }
            if (buf.length - start < n) {
                System.arraycopy(buf, start, buf, 0, end - start);
                end -= start;
                start = 0;
            }
            int want = Math.min(buf.length - end, Math.max(n - (end - start), CHUNK));
            int got = in.read(buf, end, want);
            if (got < 0) {
                eof = true;
            } else {
                end += got;
            }
        }
        return true;
    }

    /** Bytes available now without blocking on the input. */
    int available() {
        return end - start;
    }

    /** The buffer; the window's bytes start at {@link #offset()}. Valid until the next fill or skip. */
    byte[] array() {
        return buf;
    }

    int offset() {
        return start;
    }

    /** Unsigned byte at offset {@code i} (must be available). */
    int u8(int i) {
        return buf[start + i] & 0xFF;
    }

    int u16le(int i) {
        return u8(i) | u8(i + 1) << 8;
    }

    int u32le(int i) {
        return u16le(i) | u16le(i + 2) << 16;
    }

    int u32be(int i) {
        return u8(i) << 24 | u8(i + 1) << 16 | u8(i + 2) << 8 | u8(i + 3);
    }

    /** True when the ASCII text {@code s} is at offset {@code i} (the bytes must be available). */
    boolean matches(int i, String s) {
        for (int k = 0; k < s.length(); k++) {
            if (buf[start + i + k] != (byte) s.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Bytes consumed since the start of the stream. */
    long position() {
        return position;
    }

    /**
     * Consumes {@code n} bytes; beyond what is buffered it reads and discards through the same buffer, so a large
     * skip allocates nothing.
     *
     * @return false when the input ended first
     */
    boolean skip(long n) throws IOException {
        while (n > 0) {
            if (start == end && !fill(1)) {
                return false;
            }
            int step = (int) Math.min(n, end - start);
            start += step;
            position += step;
            n -= step;
        }
        return true;
    }

    /** The first bytes in hex, for error messages ("3c 68 74 6d"). */
    String hex(int max) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(max, available()); i++) {
            s.append(i == 0 ? "" : " ").append(String.format("%02x", u8(i)));
        }
        return s.toString();
    }

    void close() throws IOException {
        in.close();
    }
}
