package vn.communeradio.tests.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import vn.communeradio.tests.demo.Timeline.Kind;
import vn.communeradio.tests.support.ServiceProcess;

/**
 * The operator, through the real tool in the gateway jar: {@code keygen} makes the signing key once,
 * {@code send} signs and publishes each command exactly as someone at a district office would type it.
 */
final class Operator {

    static final String KID = "dev";

    private final Path dir;
    private final String brokerUrl;
    private final String stationId;
    private final Path key;
    private final Timeline timeline;

    Operator(Path dir, String brokerUrl, String stationId, Path key, Timeline timeline) {
        this.dir = dir;
        this.brokerUrl = brokerUrl;
        this.stationId = stationId;
        this.key = key;
        this.timeline = timeline;
    }

    /** The operator's private key in {@code keyDir}, made by {@code keygen} unless it is there already. */
    static Path key(Path keyDir) throws IOException, InterruptedException {
        Path key = keyDir.resolve(KID + ".key");
        if (!Files.exists(key)) {
            run(keyDir.getParent(), List.of("keygen", "--kid", KID, "--out", keyDir.toString()));
        }
        return key;
    }

    /** Sends {@code cmd} with id {@code jti}, saying {@code what} on the timeline; returns once the station accepted. */
    void send(String what, String cmd, String argsJson, String jti) throws IOException, InterruptedException {
        timeline.add(Kind.OPERATOR, what);
        run(dir, List.of("send", "--broker", brokerUrl, "--key", key.toString(), "--to", "station/" + stationId,
                "--cmd", cmd, "--args", argsJson, "--jti", jti, "--wait", "20"));
    }

    /** The command line an operator types to send {@code cmd} to this station (for the hints). */
    String commandLine(String cmd) {
        return "java -jar " + relative(ServiceProcess.JAR) + " send --broker " + brokerUrl + " --key " + relative(key)
                + " --to station/" + stationId + " --cmd " + cmd;
    }

    /** {@code path} relative to the working directory when it lies below it: shorter to read and to type. */
    static Path relative(Path path) {
        Path here = Path.of("").toAbsolutePath();
        return path.startsWith(here) ? here.relativize(path) : path;
    }

    private static void run(Path workDir, List<String> args) throws IOException, InterruptedException {
        try (ServiceProcess tool = ServiceProcess.start(workDir, args.toArray(String[]::new))) {
            int status = tool.awaitExit(Duration.ofSeconds(60));
            if (status != 0) {
                throw new IOException("commune-radio " + args.get(0) + " failed with status " + status + ": "
                        + tool.stdout() + " " + tool.stderr());
            }
        }
    }
}
