package vn.communeradio.tests.tool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.json.Json;
import vn.communeradio.tests.support.OpenSsl;
import vn.communeradio.tests.support.Mosquitto;
import vn.communeradio.tests.support.MqttTestClient;
import vn.communeradio.tests.support.ServiceProcess;
import vn.communeradio.tests.support.StationUnderTest;

/**
 * The operator's tool as an operator runs it: {@code keygen} and {@code send} from the packaged jar, against a
 * real Mosquitto and real station processes that trust the keygen'd key, with OpenSSL as the independent judge
 * of the key files and of the signature on what was sent.
 */
class OperatorToolTest {

    static final String PREFIX = "communeradio/v1";
    static final Duration EXIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    static Mosquitto broker;
    static Path operator;
    static Path keysDir;
    /** Two stations in group g1 and one outside it. */
    static final List<StationUnderTest> stations = new ArrayList<>();
    static String a;
    static String b;
    static String outsider;

    private record Result(int status, String out, String err, Duration took) {
        List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }
    }

    @BeforeAll
    static void brokerKeysAndStations() throws Exception {
        broker = Mosquitto.start();
        operator = dir.resolve("operator");
        keysDir = Files.createDirectories(dir.resolve("station-keys"));
        Result keygen = run("keygen", "--kid", "op", "--out", operator.toString());
        assertEquals(0, keygen.status(), keygen.err());
        // the documented deployment: only the public half goes to the stations
        Files.copy(operator.resolve("op.pem"), keysDir.resolve("op.pem"));
        String run = UUID.randomUUID().toString().substring(0, 6);
        a = "a-" + run;
        b = "b-" + run;
        outsider = "c-" + run;
        stations.add(station(a, "g1"));
        stations.add(station(b, "g1,g2"));
        stations.add(station(outsider, "g2"));
    }

    private static StationUnderTest station(String id, String groups) throws Exception {
        return new StationUnderTest(id, dir.resolve(id), broker.url(), keysDir, "station.groups = " + groups + "\n")
                .start();
    }

    @AfterAll
    static void stopAll() throws Exception {
        for (StationUnderTest s : stations) {
            s.close();
        }
        broker.close();
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private static Result run(String... args) throws Exception {
        long start = System.nanoTime();
        try (ServiceProcess p = ServiceProcess.start(dir, args)) {
            return finish(p, start);
        }
    }

    private static Result finish(ServiceProcess p, long start) throws Exception {
        int status = p.awaitExit(EXIT);
        Result result = new Result(status, p.stdout(), p.stderr(), Duration.ofNanos(System.nanoTime() - start));
        String all = result.out() + "\n" + result.err();
        assertFalse(all.contains("\tat ") || all.contains("Exception"), "no stack trace for an operator: " + all);
        return result;
    }

    private static List<String> sendArgs(String... args) {
        List<String> command = new ArrayList<>(List.of("send", "--broker", broker.url(),
                "--key", operator.resolve("op.key").toString(), "--kid", "op"));
        command.addAll(List.of(args));
        return command;
    }

    private static Result send(String... args) throws Exception {
        return run(sendArgs(args).toArray(String[]::new));
    }

    /** An ack for a scripted station to publish. */
    private record ScriptedAck(String station, String json) {
    }

    private static ScriptedAck ack(String station, String jti, String status, String extra) {
        return new ScriptedAck(station, "{\"id\":\"" + jti + "\",\"station\":\"" + station + "\",\"status\":\"" + status
                + "\"" + extra + ",\"ts\":1764300000123}");
    }

    /**
     * Runs {@code send} to {@code target} where no real station listens but the test does: it answers the
     * command with the acks {@code script} makes from the command's jti, to drive the tool's exit-status rules
     * through sequences a real station only shows with real audio (preemption, stop, failure).
     */
    private static Result scripted(String target, Function<String, List<ScriptedAck>> script,
                                   String... args) throws Exception {
        try (MqttTestClient fake = new MqttTestClient(broker.url(), PREFIX + "/" + target + "/cmd")) {
            List<String> command = sendArgs("--to", target);
            command.addAll(List.of(args));
            long start = System.nanoTime();
            try (ServiceProcess p = ServiceProcess.start(dir, command.toArray(String[]::new))) {
                String token = fake.await(m -> true, Duration.ofSeconds(20)).payload();
                String jti = (String) decodePart(token.split("\\.")[1]).get("jti");
                for (ScriptedAck ack : script.apply(jti)) {
                    fake.publish(PREFIX + "/station/" + ack.station() + "/ack", ack.json(), false);
                }
                return finish(p, start);
            }
        }
    }

    private static Map<String, Object> json(String text) throws Exception {
        return Json.parseObject(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, Object> decodePart(String part) throws Exception {
        return Json.parseObject(Base64.getUrlDecoder().decode(part));
    }

    // --- keygen --------------------------------------------------------------------------------------------------

    @Test
    void keygenWritesAKeyPairOpenSslReadsAndNeverOverwrites() throws Exception {
        Path out = dir.resolve("keygen-" + UUID.randomUUID());
        Result made = run("keygen", "--kid", "district-058", "--out", out.toString());
        assertEquals(0, made.status(), made.err());
        Path key = out.resolve("district-058.key");
        Path pem = out.resolve("district-058.pem");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----\n"), Files.readString(key));
        // the public file is exactly what OpenSSL derives from the private one
        assertEquals(OpenSsl.run(out, "pkey", "-in", key.toString(), "-pubout"), Files.readString(pem));
        assertTrue(OpenSsl.run(out, "pkey", "-in", key.toString(), "-noout", "-text").contains("ED25519"));

        byte[] before = Files.readAllBytes(key);
        Result again = run("keygen", "--kid", "district-058", "--out", out.toString());
        assertEquals(2, again.status());
        assertTrue(again.err().contains(key + " already exists; refusing to overwrite"), again.err());
        assertArrayEquals(before, Files.readAllBytes(key), "the existing key is untouched");

        Result help = run("keygen", "--help");
        assertEquals(0, help.status());
        assertTrue(help.out().startsWith("Usage: commune-radio keygen --kid NAME --out DIR"), help.out());
        Result badKid = run("keygen", "--kid", "../x", "--out", out.toString());
        assertEquals(2, badKid.status());
        assertTrue(badKid.err().contains("--kid '../x' must be"), badKid.err());
    }

    // --- send to one station -------------------------------------------------------------------------------------

    @Test
    void pingWithAKeygenKeyIsAcceptedAndFinishedAndItsSignatureVerifiesWithOpenSsl() throws Exception {
        try (MqttTestClient wire = new MqttTestClient(broker.url(), PREFIX + "/station/" + a + "/cmd")) {
            Result ping = send("--to", "station/" + a, "--cmd", "ping", "--wait-final", "--ttl", "120");
            assertEquals(0, ping.status(), ping.out() + "\n" + ping.err());
            assertEquals(List.of(a + "  accepted", a + "  finished"), ping.lines());

            // what went over the wire: a JWS that OpenSSL verifies with the public key the station trusts
            String token = wire.await(m -> true, Duration.ofSeconds(5)).payload();
            assertFalse(wire.received().get(0).retained(), "commands are never retained");
            String[] parts = token.split("\\.");
            assertEquals(3, parts.length, token);
            Path verify = Files.createDirectories(dir.resolve("verify-" + UUID.randomUUID()));
            Files.writeString(verify.resolve("input"), parts[0] + "." + parts[1]);
            Files.write(verify.resolve("sig"), Base64.getUrlDecoder().decode(parts[2]));
            String verified = OpenSsl.run(verify, "pkeyutl", "-verify", "-pubin", "-inkey",
                    operator.resolve("op.pem").toString(), "-rawin", "-in", "input", "-sigfile", "sig");
            assertTrue(verified.contains("Signature Verified Successfully"), verified);
            // and the check is real: one changed byte of the signed text does not verify
            Files.writeString(verify.resolve("input"), parts[0] + "." + parts[1].substring(1));
            assertThrowsIo(() -> OpenSsl.run(verify, "pkeyutl", "-verify", "-pubin", "-inkey",
                    operator.resolve("op.pem").toString(), "-rawin", "-in", "input", "-sigfile", "sig"));

            assertEquals(Map.of("alg", "EdDSA", "kid", "op"), decodePart(parts[0]));
            Map<String, Object> claims = decodePart(parts[1]);
            assertEquals("station/" + a, claims.get("aud"));
            assertEquals("ping", claims.get("cmd"));
            assertEquals(Map.of(), claims.get("args"));
            assertEquals(120L, (Long) claims.get("exp") - (Long) claims.get("iat"));
            assertTrue(String.valueOf(claims.get("iss")).startsWith("commune-radio send "), claims.toString());
            assertTrue(String.valueOf(claims.get("jti")).matches("[A-Za-z0-9._:-]{1,64}"), claims.toString());
        }
    }

    private interface IoCall {
        void call() throws Exception;
    }

    private static void assertThrowsIo(IoCall call) throws Exception {
        try {
            call.call();
        } catch (IOException expected) {
            return;
        }
        throw new AssertionError("expected the call to fail");
    }

    @Test
    void jsonModePrintsTheStationsAcksAndAGivenJtiIsUsed() throws Exception {
        String jti = "op-test:" + UUID.randomUUID();
        Result ping = send("--to", "station/" + a, "--cmd", "ping", "--wait-final", "--json", "--jti", jti);
        assertEquals(0, ping.status(), ping.err());
        List<String> lines = ping.lines();
        assertEquals(2, lines.size(), ping.out());
        for (String line : lines) {
            Map<String, Object> ack = json(line);
            assertEquals(jti, ack.get("id"));
            assertEquals(a, ack.get("station"));
        }
        assertEquals("accepted", json(lines.get(0)).get("status"));
        assertEquals("finished", json(lines.get(1)).get("status"));
        assertTrue(json(lines.get(1)).get("state") instanceof Map, lines.get(1));

        // the same jti again is a replay: the station's rejection is the tool's failure
        Result replay = send("--to", "station/" + a, "--cmd", "ping", "--jti", jti);
        assertEquals(1, replay.status(), replay.out());
        assertTrue(replay.out().startsWith(a + "  rejected  replay: "), replay.out());
        assertEquals("1 of 1 station answered; 1 rejected", replay.err());
    }

    @Test
    void aKeyTheStationDoesNotTrustIsRejectedUnknownKey() throws Exception {
        Path strangers = dir.resolve("strangers-" + UUID.randomUUID());
        assertEquals(0, run("keygen", "--kid", "stranger", "--out", strangers.toString()).status());
        Result result = run("send", "--broker", broker.url(), "--key", strangers.resolve("stranger.key").toString(),
                "--to", "station/" + a, "--cmd", "ping");
        assertEquals(1, result.status(), result.out() + "\n" + result.err());
        assertTrue(result.out().startsWith(a + "  rejected  unknown_key: "), result.out());
        assertTrue(result.out().contains("'stranger'"), "the key id defaults to the file's name: " + result.out());
        assertEquals("1 of 1 station answered; 1 rejected", result.err());
    }

    // --- send to a group -----------------------------------------------------------------------------------------

    @Test
    void aGroupSendEndsOnceTheExpectedStationsFinishedAndOnlyTheGroupAnswers() throws Exception {
        try (MqttTestClient acks = new MqttTestClient(broker.url(), PREFIX + "/station/+/ack")) {
            String jti = "group-" + UUID.randomUUID();
            Result result = send("--to", "group/g1", "--cmd", "ping", "--expect", "2", "--wait-final", "--wait", "30",
                    "--jti", jti);
            assertEquals(0, result.status(), result.out() + "\n" + result.err());
            assertEquals(List.of(a + "  accepted", a + "  finished", b + "  accepted", b + "  finished"),
                    result.lines().stream().sorted().toList());
            assertTrue(result.took().compareTo(Duration.ofSeconds(20)) < 0, "ends when decided: " + result.took());

            // the outsider never got it: it answers a ping sent after the group command, and no ack of the group's
            // jti came from it before that answer (a station acks its commands in the order the broker delivers them)
            String later = "after-" + UUID.randomUUID();
            Result ping = send("--to", "station/" + outsider, "--cmd", "ping", "--wait-final", "--wait", "30",
                    "--jti", later);
            assertEquals(0, ping.status(), ping.out() + "\n" + ping.err());
            acks.await(m -> m.topic().contains("/" + outsider + "/") && m.payload().contains(later),
                    Duration.ofSeconds(10));
            assertTrue(acks.received().stream().noneMatch(m -> m.topic().contains("/" + outsider + "/")
                    && m.payload().contains(jti)), acks.received().toString());
        }
    }

    @Test
    void aGroupSendWithoutExpectSucceedsWhenSomeAnswerAndNoneReject() throws Exception {
        Result result = send("--to", "group/g2", "--cmd", "ping", "--wait", "2");
        assertEquals(0, result.status(), result.err());
        assertEquals(List.of(b + "  accepted", b + "  finished", outsider + "  accepted", outsider + "  finished"),
                result.lines().stream().sorted().toList());
        assertTrue(result.took().compareTo(Duration.ofSeconds(2)) >= 0, "waits the full --wait: " + result.took());
    }

    @Test
    void aGroupSendExpectingMoreStationsThanAnswerFailsAfterTheWait() throws Exception {
        Result result = send("--to", "group/g1", "--cmd", "ping", "--expect", "3", "--wait", "3");
        assertEquals(1, result.status(), result.out());
        assertEquals("2 of 3 stations answered within 3 s", result.err());
        assertEquals(List.of(a + "  accepted", a + "  finished", b + "  accepted", b + "  finished"),
                result.lines().stream().sorted().toList());
        assertTrue(result.took().compareTo(Duration.ofSeconds(3)) >= 0, "waited --wait: " + result.took());
    }

    @Test
    void aTargetNobodySubscribesToFailsAtOnce() throws Exception {
        Result result = send("--to", "station/nobody-" + UUID.randomUUID().toString().substring(0, 8),
                "--cmd", "ping", "--wait", "30");
        assertEquals(1, result.status(), result.out());
        assertTrue(result.err().startsWith("no station received the command: nobody subscribes to "), result.err());
        assertTrue(result.took().compareTo(Duration.ofSeconds(20)) < 0, result.took().toString());
    }

    // --- exit status, driven by a scripted station ------------------------------------------------------------

    @Test
    void waitFinalFollowsAPreemptedSessionThatResumesToItsEnd() throws Exception {
        Result result = scripted("station/fake-1", jti -> List.of(
                ack("fake-1", jti, "accepted", ",\"session\":\"" + jti + "\""),
                ack("fake-1", jti, "accepted", ",\"session\":\"" + jti + "\""), // a QoS 1 duplicate
                ack("fake-1", "someone-else", "rejected", ",\"code\":\"replay\""), // another command's
                ack("fake-2", jti, "rejected", ",\"code\":\"replay\""), // not the addressed station
                ack("fake-1", jti, "started", ",\"session\":\"" + jti + "\""),
                ack("fake-1", jti, "preempted", ",\"session\":\"" + jti + "\",\"audio_s\":20.00"),
                ack("fake-1", jti, "started", ",\"session\":\"" + jti + "\",\"resumed\":true"),
                ack("fake-1", jti, "finished", ",\"session\":\"" + jti + "\",\"audio_s\":48.5,\"drops\":2")),
                "--cmd", "play", "--args", "{\"source\":\"tone:440\",\"duration_s\":60}", "--wait-final");
        assertEquals(0, result.status(), result.err());
        assertEquals(List.of("fake-1  accepted", "fake-1  started", "fake-1  preempted  audio 20.00 s",
                "fake-1  started  (resumed)", "fake-1  finished  audio 48.50 s, 2 drops"), result.lines());
    }

    @Test
    void waitFinalFailsWhenTheSessionIsStoppedOrDoesNotEndInTime() throws Exception {
        Result stopped = scripted("station/fake-1", jti -> List.of(ack("fake-1", jti, "accepted", ""),
                ack("fake-1", jti, "started", ""), ack("fake-1", jti, "stopped", ",\"reason\":\"stopped by op\"")),
                "--cmd", "play", "--args", "{\"source\":\"tone:440\"}", "--wait-final");
        assertEquals(1, stopped.status(), stopped.out());
        assertEquals("fake-1  stopped  stopped by op", stopped.lines().get(2));
        assertEquals("1 of 1 station answered; 1 stopped", stopped.err());

        Result playing = scripted("station/fake-1", jti -> List.of(ack("fake-1", jti, "accepted", ""),
                ack("fake-1", jti, "started", "")),
                "--cmd", "play", "--args", "{\"source\":\"tone:440\"}", "--wait-final", "--wait", "1.5");
        assertEquals(1, playing.status(), playing.out());
        assertEquals("1 of 1 station answered; 1 not finished within 1.5 s", playing.err());

        // without --wait-final, accepted is the answer and the tool ends there
        Result accepted = scripted("station/fake-1", jti -> List.of(ack("fake-1", jti, "accepted", "")),
                "--cmd", "play", "--args", "{\"source\":\"tone:440\"}", "--wait", "30");
        assertEquals(0, accepted.status(), accepted.err());
        assertTrue(accepted.took().compareTo(Duration.ofSeconds(20)) < 0, accepted.took().toString());
    }

    @Test
    void aGroupWithOneRejectionFailsWithASummary() throws Exception {
        Result result = scripted("group/fake-g", jti -> List.of(ack("f1", jti, "accepted", ""),
                ack("f2", jti, "rejected", ",\"code\":\"forbidden\",\"reason\":\"key 'op' may act up to high\""),
                ack("f3", jti, "accepted", "")),
                "--cmd", "stop", "--expect", "3", "--wait", "30");
        assertEquals(1, result.status(), result.out());
        assertEquals(List.of("f1  accepted", "f2  rejected  forbidden: key 'op' may act up to high", "f3  accepted"),
                result.lines());
        assertEquals("3 of 3 stations answered; 1 rejected", result.err());
    }

    // --- usage errors ---------------------------------------------------------------------------------------------

    @Test
    void usageErrorsExitTwoInWordsAndSendNothing() throws Exception {
        try (MqttTestClient wire = new MqttTestClient(broker.url(), PREFIX + "/#")) {
            Result badArgs = send("--to", "station/" + a, "--cmd", "volume", "--args", "{\"level\":");
            assertEquals(2, badArgs.status());
            assertTrue(badArgs.err().startsWith("send: --args is not valid JSON ("), badArgs.err());

            Result notObject = send("--to", "station/" + a, "--cmd", "volume", "--args", "[70]");
            assertEquals(2, notObject.status());
            assertEquals("send: --args must be a JSON object such as '{\"level\":70}', not an array",
                    notObject.err());

            Result badTarget = send("--to", a, "--cmd", "ping");
            assertEquals(2, badTarget.status());
            assertTrue(badTarget.err().contains("--to '" + a + "' must be station/ID or group/ID"), badTarget.err());

            Result publicKey = run("send", "--broker", broker.url(), "--key", keysDir.resolve("op.pem").toString(),
                    "--to", "station/" + a, "--cmd", "ping");
            assertEquals(2, publicKey.status());
            assertTrue(publicKey.err().contains("this is a public key"), publicKey.err());

            Result noKey = run("send", "--broker", broker.url(), "--key", dir.resolve("missing.key").toString(),
                    "--to", "station/" + a, "--cmd", "ping");
            assertEquals(2, noKey.status());
            assertTrue(noKey.err().endsWith("missing.key: cannot read it: no such file or directory"), noKey.err());

            Result unknownOption = send("--to", "station/" + a, "--cmd", "ping", "--retain");
            assertEquals(2, unknownOption.status());
            assertTrue(unknownOption.err().startsWith("send: unexpected argument '--retain'"), unknownOption.err());

            // a command of the test's own after the tool's runs: once it is back, anything the tool had sent
            // would be in before it (the broker delivers one subscription's messages in the order they came)
            String marker = PREFIX + "/station/marker-" + UUID.randomUUID() + "/cmd";
            wire.publish(marker, "marker", false);
            wire.await(m -> m.topic().equals(marker), Duration.ofSeconds(10));
            assertEquals(List.of(marker), wire.received().stream().map(MqttTestClient.Received::topic)
                    .filter(t -> t.endsWith("/cmd")).toList(), "nothing is sent when the command line is wrong");
        }
        int closedPort = Mosquitto.freePort();
        Result unreachable = run("send", "--broker", "tcp://127.0.0.1:" + closedPort, "--key",
                operator.resolve("op.key").toString(), "--to", "station/" + a, "--cmd", "ping");
        assertEquals(2, unreachable.status());
        assertEquals("send: cannot connect: MQTT broker 127.0.0.1:" + closedPort + " unreachable: connection "
                + "refused (is the broker running, is the port right?)", unreachable.err());

        Result help = run("send", "--help");
        assertEquals(0, help.status());
        assertTrue(help.out().startsWith("Usage: commune-radio send --broker URL"), help.out());
    }

    // --- TLS -----------------------------------------------------------------------------------------------------

    @Test
    void sendsOverTlsWithAClientCertificateLikeAStation() throws Exception {
        Path pki = Files.createTempDirectory("tool-pki-");
        Files.setPosixFilePermissions(pki, PosixFilePermissions.fromString("rwxr-xr-x"));
        OpenSsl.run(pki, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ca.key");
        OpenSsl.run(pki, "req", "-x509", "-new", "-key", "ca.key", "-days", "2", "-subj", "/CN=ca", "-out", "ca.crt");
        for (String[] leaf : new String[][] {{"broker", "subjectAltName=IP:127.0.0.1\n"},
                {"operator", "extendedKeyUsage=clientAuth\n"}}) {
            String name = leaf[0];
            OpenSsl.run(pki, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", name + ".key");
            OpenSsl.run(pki, "req", "-new", "-key", name + ".key", "-subj", "/CN=" + name, "-out", name + ".csr");
            Files.writeString(pki.resolve(name + ".ext"), leaf[1]);
            OpenSsl.run(pki, "x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                    "-CAcreateserial", "-days", "2", "-extfile", name + ".ext", "-out", name + ".crt");
        }
        try (var files = Files.list(pki)) {
            for (Path f : files.toList()) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
        int tlsPort = Mosquitto.freePort();
        // the station stays on the plain listener; the operator comes in over TLS with a client certificate
        try (Mosquitto tlsBroker = Mosquitto.start("""
                listener %d 127.0.0.1
                cafile %s
                certfile %s
                keyfile %s
                require_certificate true
                """.formatted(tlsPort, pki.resolve("ca.crt"), pki.resolve("broker.crt"), pki.resolve("broker.key")));
             StationUnderTest station = new StationUnderTest("tls-" + a, dir.resolve("tls-" + a), tlsBroker.url(),
                     keysDir, "").start()) {
            String url = "ssl://127.0.0.1:" + tlsPort;
            String key = operator.resolve("op.key").toString();
            Result ok = run("send", "--broker", url, "--ca", pki.resolve("ca.crt").toString(),
                    "--cert", pki.resolve("operator.crt").toString(), "--client-key", pki.resolve("operator.key")
                            .toString(), "--key", key, "--to", "station/" + station.id(), "--cmd", "ping");
            assertEquals(0, ok.status(), ok.out() + "\n" + ok.err());
            assertEquals(List.of(station.id() + "  accepted"), ok.lines());

            Result noCert = run("send", "--broker", url, "--ca", pki.resolve("ca.crt").toString(), "--key", key,
                    "--to", "station/" + station.id(), "--cmd", "ping");
            assertEquals(2, noCert.status(), noCert.out());
            assertTrue(noCert.err().startsWith("send: cannot connect: MQTT broker 127.0.0.1:" + tlsPort), noCert.err());
            assertTrue(noCert.err().endsWith("requires a client certificate: give it with --cert and --client-key"),
                    noCert.err());

            Result noCa = run("send", "--broker", url, "--key", key, "--to", "station/" + station.id(),
                    "--cmd", "ping");
            assertEquals(2, noCa.status(), noCa.out());
            assertTrue(noCa.err().contains("refused TLS: its certificate is not signed by a CA in the JVM's trust "
                    + "store (give the CA with --ca)"), noCa.err());
        }
    }
}
