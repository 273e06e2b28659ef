package vn.communeradio.gateway.supervision;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.tinylog.Logger;
import vn.communeradio.gateway.store.AtomicFiles;

/**
 * How many offline reboots in a row the station has asked for without reaching its broker in between, kept in
 * the state directory across the reboots (one ASCII number). A station whose SIM card expired must not reboot
 * every half hour for months: each one lengthens the next wait.
 */
public final class RebootCount {

    public static final String FILE = "offline-reboots";

    private final Path file;
    private int count;

    private RebootCount(Path file, int count) {
        this.file = file;
        this.count = count;
    }

    /** Reads the count in {@code stateDir}; a missing or damaged file counts as none. */
    public static RebootCount open(Path stateDir) {
        Path file = stateDir.resolve(FILE);
        try {
            int count = Integer.parseInt(Files.readString(file, StandardCharsets.US_ASCII).strip());
            return new RebootCount(file, Math.max(0, count));
        } catch (NoSuchFileException e) {
            return new RebootCount(file, 0);
        } catch (IOException | NumberFormatException e) {
            Logger.warn("{} unreadable ({}); counting offline reboots from 0", file, e.getMessage());
            return new RebootCount(file, 0);
        }
    }

    public int value() {
        return count;
    }

    /** One more, written before the reboot. */
    public void increment() {
        write(count + 1);
    }

    /** The broker was reached: the next offline spell waits the configured time again. */
    public void reset() {
        if (count != 0) {
            write(0);
        }
    }

    private void write(int value) {
        try {
            AtomicFiles.write(file, (value + "\n").getBytes(StandardCharsets.US_ASCII));
            count = value;
        } catch (IOException e) {
            Logger.warn("cannot write {} ({}); the next offline reboot waits as if it were the first", file,
                    e.getMessage());
        }
    }
}
