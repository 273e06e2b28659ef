package vn.communeradio.gateway.tool;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vn.communeradio.gateway.ExitStatus;
import vn.communeradio.gateway.command.CommandSigner;
import vn.communeradio.gateway.command.Pem;

/**
 * {@code commune-radio send}: signs one command, publishes it, and reports the stations' acks as they come,
 * ending as soon as the outcome is known. The ack subscription is confirmed before the command goes out, so a
 * fast station's ack cannot slip past.
 */
public final class Send {

    static final String HELP = """
            Usage: commune-radio send --broker URL --key FILE --to station/ID|group/ID --cmd CMD [OPTIONS]

            Signs a command with an Ed25519 key (from commune-radio keygen), publishes it (QoS 1, not retained)
            and prints each station's ack:  STATION  STATUS  [CODE: REASON]

            Options:
              --broker URL        tcp://HOST[:PORT] or ssl://HOST[:PORT] (ports 1883 / 8883 by default)
              --key FILE          the private key (PKCS#8 PEM, NAME.key from keygen)
              --kid NAME          key id the stations know the key by (default: FILE's name without .key)
              --to TARGET         station/ID or group/ID
              --cmd CMD           ping, play, stop, volume, schedule, keys (docs/protocol.md)
              --args JSON         the command's arguments, a JSON object (default {})
              --ttl SECONDS       the command expires after this (default 60)
              --wait SECONDS      how long to wait for acks (default 10)
              --wait-final        wait for the final status (finished), not only accepted
              --expect N          group only: how many stations must answer; ends as soon as they have
                                  (without it a group send waits the full --wait)
              --json              print the acks' JSON, one per line, instead
              --prefix PREFIX     topic prefix, the stations' mqtt.prefix (default communeradio/v1)
              --jti ID            command id (default: random); acks and the broadcast log refer to it
              --ca FILE           CA certificate(s) of an ssl:// broker (default: the JVM's trust store)
              --cert FILE         client certificate, for brokers that require one
              --client-key FILE   the client certificate's private key (PKCS#8 PEM)
              --username NAME     broker login
              --password TEXT     broker password (other users of this machine can see it in the process list)

            Examples:
              commune-radio send --broker tcp://broker:1883 --key district.key --to station/bk-0001 --cmd ping
              commune-radio send --broker tcp://broker:1883 --key district.key --to group/commune-x --expect 12 \\
                  --cmd play --args '{"source":"tone:440","duration_s":5}' --wait 30 --wait-final

            Exit status: 0 every addressed station accepted (with --wait-final: finished), and for a group at
            least --expect N (default 1) stations answered; 1 otherwise (no answer in time, rejected, failed);
            2 bad arguments, unreadable key, or broker unreachable. A one-line summary goes to stderr on 1 and 2.
            """;

    private Send() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(HELP);
            return ExitStatus.OK;
        }
        try {
            SendOptions options = SendOptions.parse(args);
            String token = sign(options, privateKey(options.keyFile()));
            return send(options, token, out, err);
        } catch (UsageException e) {
            err.println(e.getMessage());
            return ExitStatus.USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("send: interrupted");
            return ExitStatus.FAILED;
        } catch (RuntimeException e) {
            // a bug, but the operator still gets one line rather than a stack trace
            err.println("send: failed: " + e);
            return ExitStatus.FAILED;
        }
    }

    private static PrivateKey privateKey(Path file) throws UsageException {
        String pem;
        try {
            pem = Files.readString(file);
        } catch (IOException e) {
            throw new UsageException("send: --key " + file + ": cannot read it: " + Failures.describe(e));
        }
        try {
            return Pem.readPrivateKey(pem);
        } catch (InvalidKeySpecException e) {
            String hint = pem.contains("-----BEGIN PUBLIC KEY-----")
                    ? " (this is a public key, what stations trust; --key takes the private half, NAME.key)" : "";
            throw new UsageException("send: --key " + file + ": " + e.getMessage() + hint);
        }
    }

    private static String sign(SendOptions options, PrivateKey key) {
        long now = Instant.now().getEpochSecond();
        String user = System.getProperty("user.name", "unknown");
        // iss is free text the stations log: who sent it, at most 256 characters
        String iss = "commune-radio send " + user;
        iss = iss.substring(0, Math.min(iss.length(), 256));
        Map<String, Object> claims = CommandSigner.claims(options.jti(), iss, options.target().audience(), now,
                now + options.ttlSeconds(), options.cmd(), options.args());
        return new CommandSigner(options.kid(), key).sign(claims);
    }

    private static int send(SendOptions options, String token, PrintStream out, PrintStream err)
            throws UsageException, InterruptedException {
        String topic = options.target().commandTopic(options.prefix());
        AckTally tally = new AckTally(options.onlyStation(), options.expect(), options.waitFinal());
        AckPrinter printer = new AckPrinter(out, options.json(), options.jti());
        String waited = seconds(options.waitFor().toMillis());
        try (MqttSession session = MqttSession.connect(options.broker())) {
            session.subscribe(options.prefix() + "/station/+/ack");
            int code = session.publish(topic, token);
            if (code == MqttSession.NO_MATCHING_SUBSCRIBERS) {
                // the broker dropped it: no station, online or offline with a session, listens on this topic
                err.println("no station received the command: nobody subscribes to " + topic
                        + " (check --to and --prefix)");
                return ExitStatus.FAILED;
            }
            long deadline = System.nanoTime() + options.waitFor().toNanos();
            Set<String> seen = new HashSet<>();
            while (!tally.decided()) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                MqttSession.Event event = left > 0 ? session.next(left) : null;
                if (event == null) {
                    break;
                } else if (event instanceof MqttSession.Lost lost) {
                    err.println(tally.summary(waited) + "; connection lost: " + lost.why());
                    return ExitStatus.FAILED;
                } else if (event instanceof MqttSession.Message message) {
                    StationAck ack = StationAck.parse(options.prefix(), message.topic(), message.payload(),
                            options.jti()).orElse(null);
                    // QoS 1 may deliver a message twice; the same ack is shown and counted once
                    if (ack != null && seen.add(ack.station() + "\n" + ack.raw()) && tally.add(ack)) {
                        printer.print(ack);
                    }
                }
            }
        }
        if (tally.succeeded()) {
            return ExitStatus.OK;
        }
        err.println(tally.summary(waited));
        return ExitStatus.FAILED;
    }

    private static String seconds(long millis) {
        return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + " s";
    }
}
