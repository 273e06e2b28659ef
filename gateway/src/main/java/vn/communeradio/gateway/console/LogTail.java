package vn.communeradio.gateway.console;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** The last lines of a text file (the service log), reading only its end. */
public final class LogTail {

    /** Enough for a few hundred log lines; a log line is rarely over 300 bytes. */
    static final int MAX_BYTES = 256 * 1024;

    private LogTail() {
    }

    /** Up to {@code n} last lines of {@code file}; throws when it cannot be read. */
    public static List<String> lastLines(Path file, int n) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            int size = (int) Math.min(length, MAX_BYTES);
            byte[] tail = new byte[size];
            in.seek(length - size);
            in.readFully(tail);
            List<String> lines = new String(tail, StandardCharsets.UTF_8).lines().toList();
            if (size < length && !lines.isEmpty()) {
                lines = lines.subList(1, lines.size()); // the first one is cut
            }
            return lines.subList(Math.max(0, lines.size() - n), lines.size());
        }
    }
}
