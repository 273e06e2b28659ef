package vn.communeradio.gateway.station;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The directory where everything durable lives, held with an exclusive lock for the life of the service: two
 * services driving the same relays would fight over them, so the second one refuses to start.
 */
public final class StateDirectory implements AutoCloseable {

    private final Path dir;
    private final FileChannel lockFile;
    private final FileLock lock;

    private StateDirectory(Path dir, FileChannel lockFile, FileLock lock) {
        this.dir = dir;
        this.lockFile = lockFile;
        this.lock = lock;
    }

    public static StateDirectory open(Path dir) throws StartupException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StartupException("state.dir " + dir + ": cannot create it (" + e.getMessage()
                    + "); create it writable by the service user");
        }
        Path lockPath = dir.resolve("station.lock");
        FileChannel channel;
        try {
            channel = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StartupException("state.dir " + dir + ": not writable (" + e.getMessage()
                    + "); give the service user write access");
        }
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                String holder = new String(Files.readAllBytes(lockPath), StandardCharsets.US_ASCII).trim();
                channel.close();
                throw new StartupException("state.dir " + dir + " is in use by another running service"
                        + (holder.isEmpty() ? "" : " (pid " + holder + ")") + "; stop it first");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            return new StateDirectory(dir, channel, lock);
        } catch (IOException e) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing
            }
            throw new StartupException("state.dir " + dir + ": cannot lock " + lockPath + " (" + e.getMessage() + ")");
        }
    }

    public Path path() {
        return dir;
    }

    @Override
    public void close() {
        try {
            lock.release();
            lockFile.close();
        } catch (IOException e) {
            org.tinylog.Logger.warn("state.dir lock not released cleanly: {}", e.getMessage());
        }
    }
}
