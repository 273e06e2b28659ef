package vn.communeradio.tests.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * N real stations in this JVM ({@link LocalStation}: the gateway's code, simulated GPIO, null audio), all in
 * group {@link #GROUP} of one broker, and the central ingest that watches them: subscribed to the group's
 * command topic and to every station's acks, state and broadcast log before the first station starts, so that
 * it sees the command at the moment the broker fans it out, and everything the stations answer.
 */
public final class Fleet implements AutoCloseable {

    public static final String GROUP = "fleet";
    static final String P = Central.PREFIX;
    /** What the ingest subscribes to: the group's commands, and every station's acks, state and log. */
    public static final String[] INGEST_TOPICS = {P + "/group/" + GROUP + "/cmd", P + "/station/+/ack",
            P + "/station/+/state", P + "/station/+/log"};

    /**
     * Where the central systems are: the ingest's connection (subscribed to the station topics of
     * {@link #INGEST_TOPICS} before any station starts), the connection that sees the group's command when the
     * broker fans it out (the ingest itself when it may read command topics), and the {@code send} options that
     * reach that broker ({@code --broker} and, for a TLS listener with accounts, {@code --ca}, {@code --username},
     * {@code --password}).
     */
    public record CentralSide(MqttTestClient ingest, MqttTestClient commandWatch, List<String> sendOptions) {

        /** The central systems on the stations' own broker, without TLS or accounts. */
        public static CentralSide on(String brokerUrl) throws Exception {
            MqttTestClient client = new MqttTestClient(brokerUrl, INGEST_TOPICS);
            return new CentralSide(client, client, List.of("--broker", brokerUrl));
        }
    }

    private final List<String> ids;
    private final List<LocalStation> stations;
    private final MqttTestClient ingest;
    private final MqttTestClient commandWatch;
    private final List<String> sendOptions;
    private final Path dir;
    private final int parallel;

    private Fleet(List<String> ids, List<LocalStation> stations, CentralSide central, Path dir, int parallel) {
        this.ids = ids;
        this.stations = stations;
        this.ingest = central.ingest();
        this.commandWatch = central.commandWatch();
        this.sendOptions = central.sendOptions();
        this.dir = dir;
        this.parallel = parallel;
    }

    /**
     * Starts {@code size} stations {@code fl-00001...} under {@code dir}, {@code parallel} at a time; {@code extra}
     * are config keys and values, in pairs, over the fleet's own: group, a 30 s keepalive as in production, no
     * amplifier warm-up ({@code started} then measures the command path, not a fixed delay of each board), and
     * null audio at 8 kHz in periods of 4096 frames: each board renders its own audio on its own CPU, but here
     * every station's render thread shares this machine's cores, and at 48 kHz / 1024 frames a thousand of them
     * would take two cores doing nothing.
     */
    public static Fleet start(int size, Path dir, String brokerUrl, Path keysDir, int parallel, String... extra)
            throws Exception {
        return start(size, dir, brokerUrl, CentralSide.on(brokerUrl), keysDir, parallel, extra);
    }

    /**
     * As {@link #start(int, Path, String, Path, int, String...)}, with the central systems elsewhere, e.g. on a
     * province broker that the stations' district broker is bridged to.
     */
    public static Fleet start(int size, Path dir, String brokerUrl, CentralSide central, Path keysDir, int parallel,
                              String... extra) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            ids.add(String.format("fl-%05d", i));
        }
        List<String> config = new ArrayList<>(List.of("station.groups", GROUP, "hal.audio", "null",
                "audio.sample_rate", "8000", "audio.period_frames", "4096", "mqtt.keepalive_s", "30",
                "playback.warmup_ms", "0"));
        config.addAll(List.of(extra));
        String[] settings = config.toArray(String[]::new);
        List<LocalStation> stations = Collections.synchronizedList(new ArrayList<>());
        Fleet fleet = new Fleet(List.copyOf(ids), stations, central, dir, parallel);
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<?>> started = new ArrayList<>();
            for (String id : ids) {
                started.add(pool.submit(() -> {
                    stations.add(LocalStation.start(id, dir.resolve(id), brokerUrl, keysDir, settings));
                    return null;
                }));
            }
            for (Future<?> f : started) {
                f.get();
            }
        } catch (Exception e) {
            fleet.close();
            throw e;
        } finally {
            pool.shutdown();
        }
        return fleet;
    }

    /**
     * Makes the operator's key as a province does ({@code commune-radio keygen}, the packaged jar) in
     * {@code operatorDir} and installs its public half in the stations' {@code keysDir}; returns the private key.
     */
    public static Path operatorKey(Path operatorDir, String kid, Path keysDir) throws Exception {
        Files.createDirectories(keysDir);
        try (ServiceProcess keygen = ServiceProcess.start(Files.createDirectories(operatorDir), "keygen",
                "--kid", kid, "--out", operatorDir.toString())) {
            int status = keygen.awaitExit(Duration.ofSeconds(60));
            if (status != 0) {
                throw new IllegalStateException("keygen exited with " + status + ": " + keygen.stderr());
            }
        }
        Files.copy(operatorDir.resolve(kid + ".pem"), keysDir.resolve(kid + ".pem"));
        return operatorDir.resolve(kid + ".key");
    }

    public List<String> ids() {
        return ids;
    }

    /** The stations, in no particular order. */
    public List<LocalStation> stations() {
        synchronized (stations) {
            return new ArrayList<>(stations);
        }
    }

    public MqttTestClient ingest() {
        return ingest;
    }

    /** Waits until every station has said {@code online:true}: from then on each receives a group command. */
    public void awaitOnline(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int want = ids.size();
        while (true) {
            List<MqttTestClient.Received> states = ingest.collect(
                    m -> m.topic().endsWith("/state") && m.payload().contains("\"online\":true"), want,
                    Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            Set<String> online = new HashSet<>();
            states.forEach(m -> online.add(stationOf(m.topic())));
            if (online.size() == ids.size()) {
                return;
            }
            if (System.nanoTime() >= deadline) {
                List<String> missing = ids.stream().filter(id -> !online.contains(id)).limit(5).toList();
                throw new AssertionError((ids.size() - online.size()) + " of " + ids.size()
                        + " stations not online after " + timeout.toSeconds() + " s, e.g. " + missing);
            }
            want = states.size() + ids.size() - online.size();
        }
    }

    /**
     * Sends one group {@code play} with the operator's tool ({@code commune-radio send} from the packaged jar, a
     * process of its own as on an operator's machine), then waits until every station has acked {@code status}
     * for it (or {@code timeout} passes) and returns what the ingest saw.
     */
    public GroupBroadcast send(Path operatorKey, String kid, String playArgs, String status, Duration timeout)
            throws Exception {
        String jti = "fleet-" + System.nanoTime();
        long before = System.nanoTime();
        int sendStatus;
        String sendOutput;
        List<String> command = new ArrayList<>(List.of("send"));
        command.addAll(sendOptions);
        command.addAll(List.of("--key", operatorKey.toString(), "--kid", kid, "--to", "group/" + GROUP,
                "--cmd", "play", "--args", playArgs, "--jti", jti, "--expect", String.valueOf(ids.size()),
                "--wait", String.valueOf(timeout.toSeconds())));
        try (ServiceProcess send = ServiceProcess.start(dir, command.toArray(String[]::new))) {
            sendStatus = send.awaitExit(timeout.plusSeconds(30));
            sendOutput = send.stderr();
        }
        awaitAll(jti, "/ack", "\"status\":\"" + status + "\"", timeout);
        return new GroupBroadcast(jti, sendStatus, sendOutput, ids, before, received());
    }

    /** The same command as the ingest sees it now (later acks and log records included). */
    public GroupBroadcast refresh(GroupBroadcast b) {
        return new GroupBroadcast(b.jti(), b.sendStatus(), b.sendOutput(), ids, b.sentAfterNanos(), received());
    }

    /** Everything the ingest and the command watch received. */
    private List<MqttTestClient.Received> received() {
        List<MqttTestClient.Received> all = new ArrayList<>(ingest.received());
        if (commandWatch != ingest) {
            all.addAll(commandWatch.received());
        }
        return all;
    }

    /** Waits until every station has published a message on {@code kind} ("/ack", "/log") about {@code jti}. */
    public void awaitAll(String jti, String kind, String fragment, Duration timeout) throws InterruptedException {
        ingest.collect(m -> m.topic().endsWith(kind) && m.payload().contains("\"" + jti + "\"")
                && m.payload().contains(fragment), ids.size(), timeout);
    }

    static String stationOf(String topic) {
        String rest = topic.substring((P + "/station/").length());
        return rest.substring(0, rest.indexOf('/'));
    }

    /** Stops every station, {@code parallel} at a time (each switches its relays off and says offline). */
    @Override
    public void close() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        for (LocalStation s : stations()) {
            pool.submit(s::close);
        }
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.MINUTES);
        ingest.close();
        if (commandWatch != ingest) {
            commandWatch.close();
        }
    }
}
