package vn.communeradio.hal.watchdog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.tinylog.Logger;

/**
 * The Linux hardware watchdog ({@code /dev/watchdog}): opening it arms the timer, every write resets it, and the
 * magic character {@code V} before close disarms it (where the driver allows "magic close").
 */
public final class DeviceWatchdog implements Watchdog {

    private final Path device;
    private final FileChannel channel;
    private final ByteBuffer kick = ByteBuffer.wrap(new byte[] {'k'});

    private DeviceWatchdog(Path device, FileChannel channel) {
        this.device = device;
        this.channel = channel;
    }

    /** Arms the watchdog; from here on, missing kicks for the driver's timeout reboots the board. */
    public static DeviceWatchdog open(Path device) throws IOException {
        try {
            return new DeviceWatchdog(device, FileChannel.open(device, StandardOpenOption.WRITE));
        } catch (IOException e) {
            throw new IOException("cannot open hardware watchdog " + device + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void kick() {
        try {
            kick.rewind();
            channel.write(kick);
        } catch (IOException e) {
            Logger.error("hardware watchdog {} kick failed: {}", device, e.getMessage());
        }
    }

    @Override
    public String description() {
        return "device " + device;
    }

    @Override
    public synchronized void close() {
        try {
            channel.write(ByteBuffer.wrap(new byte[] {'V'}));
            channel.close();
        } catch (IOException e) {
            Logger.warn("hardware watchdog {} not disarmed: {}", device, e.getMessage());
        }
    }
}
