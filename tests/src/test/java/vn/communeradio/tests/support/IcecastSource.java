package vn.communeradio.tests.support;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import vn.communeradio.hal.RealPart;

/**
 * A live encoder feeding a mount of an {@link Icecast} server, as a district studio's encoder does: ffmpeg
 * encoding a stereo tone in real time ({@code -re}) and sending it with Icecast's source protocol.
 */
public final class IcecastSource implements AutoCloseable {

    /** What the encoder sends: its codec, bit rate, container and the Content-Type it announces. */
    public enum Format {
        MP3("libmp3lame", "128k", "mp3", "audio/mpeg", 44_100),
        OGG_OPUS("libopus", "64k", "ogg", "audio/ogg", 48_000);

        final String codec;
        final String bitRate;
        final String container;
        final String contentType;
        final int sampleRate;

        Format(String codec, String bitRate, String container, String contentType, int sampleRate) {
            this.codec = codec;
            this.bitRate = bitRate;
            this.container = container;
            this.contentType = contentType;
            this.sampleRate = sampleRate;
        }
    }

    private final ServiceProcess ffmpeg;

    private IcecastSource(ServiceProcess ffmpeg) {
        this.ffmpeg = ffmpeg;
    }

    /**
     * Starts sending a tone of {@code hz} at {@code amplitude} (of full scale) on both channels to {@code mount};
     * returns once the server has the mount.
     */
    public static IcecastSource start(Icecast server, String mount, Format format, double hz, double amplitude,
                                      Path workDir) throws IOException, InterruptedException {
        RealPart.require(Command.run("sh", "-c", "command -v ffmpeg").status() == 0, "ffmpeg is not installed",
                "apt-get install ffmpeg (scripts/setup-debian installs it)");
        String tone = String.format(Locale.ROOT, "%.4f*sin(2*PI*%.3f*t)", amplitude, hz);
        ServiceProcess ffmpeg = ServiceProcess.command(workDir, Map.of(), List.of("ffmpeg", "-hide_banner",
                "-loglevel", "error", "-nostdin", "-re", "-f", "lavfi", "-i",
                "aevalsrc=" + tone + "|" + tone + ":s=" + format.sampleRate + ":c=stereo",
                "-c:a", format.codec, "-b:a", format.bitRate, "-content_type", format.contentType,
                "-f", format.container, server.sourceUrl(mount)));
        IcecastSource source = new IcecastSource(ffmpeg);
        try {
            server.awaitMount(mount, Duration.ofSeconds(15));
        } catch (AssertionError | IOException | InterruptedException e) {
            source.close();
            throw new AssertionError(e.getMessage() + "\nffmpeg: " + ffmpeg.stderr(), e);
        }
        return source;
    }

    /** SIGKILL: the encoder dies without a word, as when the studio's PC loses power. */
    public void crash() throws IOException, InterruptedException {
        ffmpeg.kill();
        ffmpeg.awaitExit(Duration.ofSeconds(10));
    }

    @Override
    public void close() throws InterruptedException {
        ffmpeg.close();
    }
}
