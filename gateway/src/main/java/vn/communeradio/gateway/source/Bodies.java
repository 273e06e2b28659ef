package vn.communeradio.gateway.source;

import java.io.IOException;
import java.io.InputStream;

/**
 * The three ways an HTTP/1.1 body is delimited, each telling a proper end (-1) from a drop (an IOException
 * saying what happened): PROTOCOL.md "When a source ends".
 */
final class Bodies {

    /** Longest chunk-size line accepted (size, extensions and CRLF). */
    private static final int MAX_CHUNK_LINE = 1024;
    /** Most trailer bytes accepted after the last chunk. */
    private static final int MAX_TRAILER = 8192;

    private Bodies() {
    }

    /** Reads from the wire; single-byte reads go through a preallocated array so that nothing allocates. */
    private abstract static class Body extends InputStream {
        final Wire wire;
        long received;
        private final byte[] one = new byte[1];

        Body(Wire wire) {
            this.wire = wire;
        }

        @Override
        public int read() throws IOException {
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }
    }

    /** A body of Content-Length bytes: whole is an end, fewer is a drop. */
    static final class Sized extends Body {
        private final long length;

        Sized(Wire wire, long length) {
            super(wire);
            this.length = length;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            long remaining = length - received;
            if (remaining == 0) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int n = wire.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new IOException(wire.peer() + " closed the connection after " + received + " of "
                        + length + " bytes");
            }
            received += n;
            return n;
        }
    }

    /** A chunked body: the zero-size last chunk is an end; a close anywhere before it is a drop. */
    static final class Chunked extends Body {
        private final byte[] line = new byte[64];
        private long chunkRemaining;
        private boolean ended;

        Chunked(Wire wire) {
            super(wire);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return ended ? -1 : 0;
            }
            while (chunkRemaining == 0) {
                if (ended) {
                    return -1;
                }
                nextChunk();
            }
            int n = wire.read(b, off, (int) Math.min(len, chunkRemaining));
            if (n < 0) {
                throw cut();
            }
            received += n;
            chunkRemaining -= n;
            if (chunkRemaining == 0) {
                endOfChunkData();
            }
            return n;
        }

        private void nextChunk() throws IOException {
            long size = chunkSize();
            if (size == 0) {
                skipTrailer();
                ended = true;
            }
            chunkRemaining = size;
        }

        /**
         * Parses "hex-size[;extensions]CRLF" byte by byte: a stream proxied through nginx comes in chunks of a
         * few KiB for hours, so this must not allocate. The line's first bytes are kept for an error message.
         */
        private long chunkSize() throws IOException {
            long size = 0;
            int digits = 0;
            boolean extension = false;
            int used = 0;
            while (true) {
                int c = wire.read();
                if (c < 0) {
                    throw cut();
                }
                if (used < line.length) {
                    line[used] = (byte) c;
                }
                if (++used > MAX_CHUNK_LINE) {
                    throw malformed("a chunk-size line longer than " + MAX_CHUNK_LINE + " bytes");
                }
                if (c == '\n') {
                    break;
                }
                if (extension || c == '\r' || c == ' ' || c == '\t') {
                    continue;
                }
                if (c == ';') {
                    extension = true;
                    continue;
                }
                int digit = Character.digit(c, 16);
                if (digit < 0 || digits == 15) {
                    throw malformed("chunk size \"" + restOfLine(used) + "\"");
                }
                size = size * 16 + digit;
                digits++;
            }
            if (digits == 0) {
                throw malformed("chunk size \"" + restOfLine(used) + "\"");
            }
            return size;
        }

        /** The bad line for a message: what was read of it, plus the rest up to its end (bounded). */
        private String restOfLine(int used) throws IOException {
            int n = Math.min(used, line.length);
            while (n < line.length && line[n - 1] != '\n') {
                int c = wire.read();
                if (c < 0) {
                    break;
                }
                line[n++] = (byte) c;
            }
            String text = new String(line, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
            return ResponseHead.printable(text.strip());
        }

        private void endOfChunkData() throws IOException {
            int c = wire.read();
            if (c == '\r') {
                c = wire.read();
            }
            if (c < 0) {
                throw cut();
            }
            if (c != '\n') {
                throw malformed("no CRLF after a chunk");
            }
        }

        private IOException malformed(String what) {
            return new IOException(wire.peer() + " sent a malformed chunked body (" + what + " after " + received
                    + " bytes)");
        }

        /** Trailer fields after the last chunk, up to the blank line; a close there loses no audio. */
        private void skipTrailer() throws IOException {
            int budget = MAX_TRAILER;
            String line;
            String tooLong = wire.peer() + " sent more than " + MAX_TRAILER + " bytes of chunked trailer";
            while ((line = wire.readLine(budget, tooLong)) != null && !line.isEmpty()) {
                budget -= line.length() + 2;
            }
        }

        private IOException cut() {
            return new IOException(wire.peer() + " closed the connection in the middle of a chunked body (after "
                    + received + " bytes, before its last chunk)");
        }
    }

    /** A body without a length: it can only end by a close, and a close of a stream is a drop. */
    static final class UntilClose extends Body {

        UntilClose(Wire wire) {
            super(wire);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = wire.read(b, off, len);
            if (n < 0) {
                throw new IOException(wire.peer() + " closed the stream after " + received
                        + " bytes (a response without length never ends properly: a drop)");
            }
            received += n;
            return n;
        }
    }
}
