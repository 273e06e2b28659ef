package vn.communeradio.tests.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import vn.communeradio.hal.audio.JackServer;
import vn.communeradio.tests.support.ProcessStats;

/**
 * The audio output of a service benchmark's station ({@code --audio null|jack}): {@code null}, the simulated
 * stations' own, or {@code jack}, what a station runs, against a private jackd on the dummy backend ({@link JackServer},
 * real-time as root) at 48 kHz and the period the package ships ({@code JACK_PERIOD} of
 * {@code /etc/default/commune-radio-jack}), so that the JACK client library, its shared memory and the process
 * thread are in the service's figures. jackd's {@code -p} (most ports; 0 its default, as the package runs it) sizes
 * the shared memory its clients map.
 */
final class BenchAudio implements AutoCloseable {

    private static final Path JACK_DEFAULTS = Path.of(System.getProperty("repo.root", ".."),
            "packaging/src/deb/etc/default/commune-radio-jack");

    private final String kind;
    private final JackServer jack;

    private BenchAudio(String kind, JackServer jack) {
        this.kind = kind;
        this.jack = jack;
    }

    /**
     * {@code null} or {@code jack} (which starts its server with {@code jackd -p portMax}, 0 for its default, and
     * returns once a client can connect).
     */
    static BenchAudio start(String kind, int portMax) throws IOException {
        return switch (kind) {
            case "null" -> new BenchAudio(kind, null);
            case "jack" -> new BenchAudio(kind, JackServer.start(shippedPeriod(), false, portMax));
            default -> throw new IllegalArgumentException("--audio is null or jack, not " + kind);
        };
    }

    /** The configuration lines after {@code StationUnderTest.simulatedConfig} (whose {@code hal.audio} is null). */
    String config() {
        return jack == null ? "" : "hal.audio = jack\naudio.jack.server = " + jack.name() + "\n";
    }

    boolean jack() {
        return jack != null;
    }

    String describe() {
        return jack == null ? "audio null" : String.format("audio jack: jackd %s, dummy backend, %d Hz, %d frames,"
                + " %s, %s", jack.name(), JackServer.SAMPLE_RATE, jack.periodFrames(),
                jack.portMax() > 0 ? "-p " + jack.portMax() + " ports" : "its default port maximum",
                jack.realtime() ? "real-time" : "NOT real-time (no CAP_SYS_NICE)");
    }

    /** jackd's own resident memory (a process of its own on a board too), or an empty string for null audio. */
    String serverMemory() throws IOException {
        if (jack == null) {
            return "";
        }
        long pid = jack.pid();
        return String.format("jackd's own VmRSS: %d KB = RssAnon %d + RssFile %d + RssShmem %d KB",
                ProcessStats.rssKb(pid), ProcessStats.rssAnonKb(pid), ProcessStats.rssFileKb(pid),
                ProcessStats.rssShmemKb(pid));
    }

    /**
     * The periods jackd says its clients missed so far ({@code JackEngine::XRun} lines of its log: the service was
     * not finished in time), for the end of a run; an empty string for null audio.
     */
    String serverXruns() throws IOException {
        if (jack == null) {
            return "";
        }
        long xruns = Files.readAllLines(jack.log()).stream().filter(line -> line.startsWith("JackEngine::XRun"))
                .count();
        return String.format("jackd's xruns so far (JackEngine::XRun in %s): %d", jack.log(), xruns);
    }

    @Override
    public String toString() {
        return kind;
    }

    @Override
    public void close() {
        if (jack != null) {
            jack.close();
        }
    }

    private static int shippedPeriod() throws IOException {
        return Files.readAllLines(JACK_DEFAULTS).stream().map(String::strip)
                .filter(line -> line.startsWith("JACK_PERIOD=")).map(line -> Integer.parseInt(line.substring(12)))
                .findFirst().orElseThrow(() -> new IOException("no JACK_PERIOD= line in " + JACK_DEFAULTS));
    }
}
