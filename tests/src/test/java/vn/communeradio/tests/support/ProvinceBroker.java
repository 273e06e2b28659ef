package vn.communeradio.tests.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vn.communeradio.gateway.link.TlsSockets;

/**
 * The province broker example (packaging/examples/mosquitto) run as shipped on a real Mosquitto, only its paths
 * and ports moved to a test's: stations on a TLS listener with a client certificate each (CA {@code station-ca},
 * ACL from {@code make-station-acl}), central systems on a TLS listener with a password each. The broker's own
 * certificate is issued by {@code province-ca} for 127.0.0.1; its installed files, {@code province-ca.crt}
 * included, are in {@link #etc()}.
 */
public final class ProvinceBroker implements AutoCloseable {

    public static final Path EXAMPLES = Path.of(System.getProperty("repo.root", ".."), "packaging/examples/mosquitto")
            .toAbsolutePath().normalize();

    private final TestPki pki;
    private final Path etc;
    private final Mosquitto broker;
    private final int stationPort;
    private final int centralPort;

    private ProvinceBroker(TestPki pki, Path etc, Mosquitto broker, int stationPort, int centralPort) {
        this.pki = pki;
        this.etc = etc;
        this.broker = broker;
        this.stationPort = stationPort;
        this.centralPort = centralPort;
    }

    /** How the example's listeners are run. */
    public enum Listeners {
        /** As shipped: stations by client certificate, central systems by password, both over TLS. */
        TLS,
        /**
         * The example with its TLS lines taken out, a reference for what TLS costs: stations known by their user
         * name (no password, the same ACL), central systems by password, both over plain TCP.
         */
        PLAIN
    }

    /**
     * Starts the example with a certificate for each of {@code stationIds}, the station list {@code stationsCsv}
     * (as make-station-acl reads it) and the central accounts {@code centralPasswords} (name to password).
     */
    public static ProvinceBroker start(Path work, List<String> stationIds, String stationsCsv,
                                       Map<String, String> centralPasswords) throws Exception {
        TestPki pki = newPki();
        for (String id : stationIds) {
            pki.leaf(id, "station-ca", "extendedKeyUsage=clientAuth\n");
        }
        return start(pki, stationAcl(work, stationsCsv), centralPasswords, Listeners.TLS, 0);
    }

    /** The CAs and the broker's certificate of the example: {@code province-ca}, {@code broker}, {@code station-ca}. */
    public static TestPki newPki() throws IOException, InterruptedException {
        return TestPki.create()
                .ca("province-ca")
                .leaf("broker", "province-ca", "subjectAltName=IP:127.0.0.1\n")
                .ca("station-ca");
    }

    /** The stations' ACL that make-station-acl writes from {@code stationsCsv}, in {@code work}. */
    public static Path stationAcl(Path work, String stationsCsv) throws IOException, InterruptedException {
        Path stations = Files.writeString(work.resolve("stations.csv"), stationsCsv);
        Path acl = work.resolve("acl-stations");
        Command.ok(EXAMPLES.resolve("make-station-acl").toString(), stations.toString(), acl.toString());
        return acl;
    }

    /**
     * Starts the example with the CAs and certificates of {@code pki} (made by {@link #newPki()}), the stations' ACL
     * {@code stationAcl}, the central accounts {@code centralPasswords}, its listeners run as {@code listeners}, and
     * the broker's open-file limit raised to {@code openFiles} (0: inherited), as mosquitto-limits.conf does.
     */
    public static ProvinceBroker start(TestPki pki, Path stationAcl, Map<String, String> centralPasswords,
                                       Listeners listeners, long openFiles) throws Exception {
        Path etc = Files.createTempDirectory(pki.dir(), "etc-");
        Files.copy(pki.cert("station-ca"), etc.resolve("station-ca.crt"));
        Files.copy(pki.cert("province-ca"), etc.resolve("province-ca.crt"));
        Files.copy(pki.cert("broker"), etc.resolve("broker.crt"));
        Files.copy(pki.key("broker"), etc.resolve("broker.key"));
        Files.copy(EXAMPLES.resolve("acl-central"), etc.resolve("acl-central"));
        Files.copy(stationAcl, etc.resolve("acl-stations"));
        Path passwords = etc.resolve("passwd-central");
        Files.createFile(passwords);
        for (Map.Entry<String, String> account : centralPasswords.entrySet()) {
            Command.ok("mosquitto_passwd", "-b", passwords.toString(), account.getKey(), account.getValue());
        }
        // mosquitto, started as root, reads them as its own user
        try (var files = Files.list(etc)) {
            for (Path f : files.toList()) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
        Files.setPosixFilePermissions(etc, PosixFilePermissions.fromString("rwxr-xr-x"));

        int stationPort = Mosquitto.freePort();
        int centralPort = Mosquitto.freePort();
        String example = Files.readString(EXAMPLES.resolve("mosquitto.conf"));
        Mosquitto broker = Mosquitto.startConfigured(dir -> {
            String conf = replace(example, "(?m)^listener 8883$", "listener " + stationPort + " 127.0.0.1");
            conf = replace(conf, "(?m)^listener 8884$", "listener " + centralPort + " 127.0.0.1");
            conf = replace(conf, "/etc/mosquitto/commune-radio/", etc + "/");
            conf = replace(conf, "(?m)^persistence_location .*$", "persistence_location " + dir + "/");
            conf = replace(conf, "(?m)^log_dest syslog$", "log_dest stderr");
            if (listeners == Listeners.PLAIN) {
                conf = replace(conf, "(?m)^(cafile|certfile|keyfile|require_certificate|use_identity_as_username) .*\n",
                        "");
                // the stations' listener only: its user names are station ids, given without a password
                conf = replace(conf, "(?m)^use_username_as_clientid true\nallow_anonymous false\nacl_file (.*)/acl-stations$",
                        "use_username_as_clientid true\nallow_anonymous true\nacl_file " + etc + "/acl-stations");
            }
            return conf;
        }, stationPort, openFiles);
        broker.awaitListening(centralPort); // opened after the stations' listener
        return new ProvinceBroker(pki, etc, broker, stationPort, centralPort);
    }

    /** Replaces every match of {@code regex}; fails when there is none, so that an example cannot drift silently. */
    public static String replace(String text, String regex, String replacement) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new AssertionError("the example config no longer has /" + regex + "/");
        }
        return m.replaceAll(Matcher.quoteReplacement(replacement));
    }

    /**
     * The district bridge example (bridge-district.conf) for a district broker on this machine: its address,
     * paths and password moved to this province broker's, nothing else.
     */
    public String districtBridge(String bridgePassword) throws IOException {
        String bridge = Files.readString(EXAMPLES.resolve("bridge-district.conf"));
        bridge = replace(bridge, "(?m)^address .*$", "address 127.0.0.1:" + centralPort);
        bridge = replace(bridge, "/etc/mosquitto/commune-radio/", etc + "/");
        return replace(bridge, "(?m)^remote_password .*$", "remote_password " + bridgePassword);
    }

    /** The {@code send} options that reach the central listener as {@code user}. */
    public List<String> sendOptions(String user, String password) {
        return List.of("--broker", "ssl://127.0.0.1:" + centralPort, "--ca", pki.cert("province-ca").toString(),
                "--username", user, "--password", password);
    }

    public TestPki pki() {
        return pki;
    }

    /** The broker's installed files (/etc/mosquitto/commune-radio/ of the example). */
    public Path etc() {
        return etc;
    }

    public int stationPort() {
        return stationPort;
    }

    public int centralPort() {
        return centralPort;
    }

    public Mosquitto broker() {
        return broker;
    }

    /** A client with station {@code id}'s certificate on the station listener. */
    public MqttTestClient station(String id, String clientId, String... subscriptions) throws Exception {
        TlsSockets tls = TlsSockets.create(pki.cert("province-ca"), pki.cert(id), pki.key(id));
        return new MqttTestClient("ssl://127.0.0.1:" + stationPort, clientId, o -> o.setSocketFactory(tls),
                subscriptions);
    }

    /** A central system's client on the central listener, logged in as {@code user}. */
    public MqttTestClient central(String user, String password, String... subscriptions) throws Exception {
        TlsSockets tls = TlsSockets.create(pki.cert("province-ca"), null, null);
        return new MqttTestClient("ssl://127.0.0.1:" + centralPort, user + "-" + System.nanoTime(), o -> {
            o.setSocketFactory(tls);
            o.setUserName(user);
            o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }, subscriptions);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        broker.close();
    }
}
