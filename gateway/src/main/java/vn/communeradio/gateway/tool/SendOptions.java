package vn.communeradio.gateway.tool;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import vn.communeradio.gateway.json.Json;
import vn.communeradio.gateway.json.JsonException;

/** What {@code commune-radio send} was asked to do, checked as far as it can be without the network. */
record SendOptions(BrokerOptions broker, Path keyFile, String kid, Target target, String cmd,
                   Map<String, Object> args, long ttlSeconds, Duration waitFor, boolean waitFinal, int expect,
                   boolean json, String prefix, String jti) {

    static final String DEFAULT_PREFIX = "communeradio/v1";
    /** PROTOCOL.md: stations refuse a command whose exp - iat exceeds 30 days. */
    static final long MAX_TTL_SECONDS = 30L * 24 * 3600;

    static final Set<String> VALUED = Set.of("--broker", "--key", "--kid", "--to", "--cmd", "--args", "--ttl",
            "--wait", "--expect", "--prefix", "--jti", "--ca", "--cert", "--client-key", "--username", "--password");
    static final Set<String> FLAGS = Set.of("--wait-final", "--json");

    static SendOptions parse(List<String> arguments) throws UsageException {
        Options options = Options.parse("send", arguments, VALUED, FLAGS);
        BrokerOptions broker = BrokerOptions.parse(options);
        Path keyFile = Path.of(options.required("send", "--key"));
        // keygen writes NAME.key for key id NAME, so the file name is the natural default
        String kid = options.get("--kid").orElseGet(() -> defaultKid(keyFile));
        if (!Names.isName(kid)) {
            throw new UsageException("send: --kid '" + Names.printable(kid) + "' must be 1-64 characters of "
                    + "A-Z a-z 0-9 . _ - (the name of the .pem file the stations trust, without .pem)");
        }
        Target target = Target.parse(options.required("send", "--to"));
        String cmd = options.required("send", "--cmd");
        Map<String, Object> args = args(options.get("--args").orElse("{}"));
        long ttl = wholeNumber(options, "--ttl", 60);
        if (ttl < 1 || ttl > MAX_TTL_SECONDS) {
            throw new UsageException("send: --ttl must be 1 to " + MAX_TTL_SECONDS + " seconds (30 days)");
        }
        Duration waitFor = seconds(options.get("--wait").orElse("10"));
        int expect = 0;
        if (options.get("--expect").isPresent()) {
            if (!target.isGroup()) {
                throw new UsageException("send: --expect is for group targets; a station send waits for that one "
                        + "station");
            }
            long n = wholeNumber(options, "--expect", 0);
            if (n < 1 || n > 100_000) {
                throw new UsageException("send: --expect must be a number of stations, at least 1");
            }
            expect = (int) n;
        }
        String prefix = options.get("--prefix").orElse(DEFAULT_PREFIX);
        if (prefix.isEmpty() || prefix.startsWith("/") || prefix.endsWith("/") || prefix.contains("//")
                || prefix.contains("+") || prefix.contains("#")) {
            throw new UsageException("send: --prefix '" + Names.printable(prefix) + "' must be a topic prefix "
                    + "without wildcards or leading/trailing '/', like the stations' mqtt.prefix");
        }
        String jti = options.get("--jti").orElseGet(() -> UUID.randomUUID().toString());
        if (!Names.isCommandId(jti)) {
            throw new UsageException("send: --jti '" + Names.printable(jti) + "' must be 1-64 characters of "
                    + "A-Z a-z 0-9 . _ : -");
        }
        return new SendOptions(broker, keyFile, kid, target, cmd, args, ttl, waitFor, options.has("--wait-final"),
                expect, options.has("--json"), prefix, jti);
    }

    private static String defaultKid(Path keyFile) {
        String name = keyFile.getFileName() == null ? "" : keyFile.getFileName().toString();
        return name.endsWith(".key") ? name.substring(0, name.length() - 4) : name;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> args(String text) throws UsageException {
        Object value;
        try {
            value = Json.parse(text);
        } catch (JsonException e) {
            throw new UsageException("send: --args is not valid JSON (" + e.getMessage() + "): "
                    + Names.printable(text) + "; quote it for the shell, e.g. --args '{\"level\":70}'");
        }
        if (!(value instanceof Map)) {
            throw new UsageException("send: --args must be a JSON object such as '{\"level\":70}', not "
                    + Json.typeName(value));
        }
        return (Map<String, Object>) value;
    }

    private static long wholeNumber(Options options, String name, long fallback) throws UsageException {
        String text = options.get(name).orElse(null);
        if (text == null) {
            return fallback;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("send: " + name + " '" + Names.printable(text) + "' is not a whole number");
        }
    }

    private static Duration seconds(String text) throws UsageException {
        try {
            BigDecimal seconds = new BigDecimal(text.trim());
            if (seconds.signum() < 0 || seconds.compareTo(BigDecimal.valueOf(86_400)) > 0) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(seconds.movePointRight(3).longValue());
        } catch (NumberFormatException e) {
            throw new UsageException("send: --wait '" + Names.printable(text) + "' must be 0 to 86400 seconds");
        }
    }

    /** The station whose acks count, or null for a group (any station may answer). */
    String onlyStation() {
        return target.isGroup() ? null : target.id();
    }
}
