package vn.communeradio.gateway.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Small state files replaced whole, so that a power cut at any instant leaves the old or the new copy. */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /** Writes a temporary sibling, syncs it, renames it over {@code target}, then syncs the directory. */
    public static void write(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = dir.resolve(target.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(dir);
    }

    /**
     * Keeps a damaged state file for a technician to look at, out of the way of the next write: renamed to
     * {@code NAME.damaged-<ms>}. Returns what became of it, for the log line ("moved to ...", or why it could not).
     */
    public static String setAside(Path file) {
        Path copy = file.resolveSibling(file.getFileName() + ".damaged-" + System.currentTimeMillis());
        try {
            Files.move(file, copy, StandardCopyOption.REPLACE_EXISTING);
            return "moved to " + copy;
        } catch (IOException e) {
            return "could not be moved aside (" + e + ")";
        }
    }

    /** Makes a rename or a new file in {@code dir} durable (Linux: fsync on the directory). */
    public static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some file systems refuse to sync directories; the rename itself is still atomic
        }
    }
}
