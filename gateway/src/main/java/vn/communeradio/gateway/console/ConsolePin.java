package vn.communeradio.gateway.console;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import vn.communeradio.gateway.config.Config;
import vn.communeradio.gateway.config.ConfigException;
import vn.communeradio.gateway.config.ConfigKeys;
import vn.communeradio.gateway.config.ConfigOverrides;

/**
 * The console PIN, stored only as a salted PBKDF2-HMAC-SHA256 hash ({@code console.pin_hash}): whoever reads the
 * configuration (or a backup of it) learns no PIN, and guessing one costs {@value #ITERATIONS} hash rounds a try.
 */
public final class ConsolePin {

    static final int ITERATIONS = 100_000;
    private static final String PREFIX = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    /** A PIN is 4 to 32 characters; digits are enough, anything printable is allowed. */
    public static final int MIN_LENGTH = 4;
    public static final int MAX_LENGTH = 32;

    private ConsolePin() {
    }

    /**
     * The PIN hash in force now, empty for none: the saved override if any, else the running configuration's. A
     * {@code pin set} applies to the next console session, not only after a restart.
     */
    public static String current(Config config) {
        String key = ConfigKeys.CONSOLE_PIN_HASH.name();
        try {
            return ConfigOverrides.of(config).read().getOrDefault(key, config.get(ConfigKeys.CONSOLE_PIN_HASH));
        } catch (ConfigException e) {
            return config.get(ConfigKeys.CONSOLE_PIN_HASH); // a damaged overrides file: start-up will say so
        }
    }

    /** Why {@code pin} cannot be a PIN, or null when it can. */
    public static String problem(String pin) {
        if (pin.length() < MIN_LENGTH || pin.length() > MAX_LENGTH) {
            return "a PIN has " + MIN_LENGTH + " to " + MAX_LENGTH + " characters";
        }
        for (int i = 0; i < pin.length(); i++) {
            if (pin.charAt(i) <= ' ' || pin.charAt(i) == 127) {
                return "a PIN has no spaces or control characters";
            }
        }
        return null;
    }

    /** The configuration line's value for {@code pin}, with a fresh random salt. */
    public static String hash(String pin) {
        byte[] salt = new byte[SALT_BYTES];
        new SecureRandom().nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder();
        return PREFIX + "$" + ITERATIONS + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(derive(pin, salt, ITERATIONS));
    }

    /** Whether {@code pin} matches {@code stored} (a value {@link #hash} made); false for anything malformed. */
    public static boolean matches(String pin, String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals(PREFIX)) {
            return false;
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            return MessageDigest.isEqual(expected, derive(pin, salt, iterations));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] derive(String pin, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(pin.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java 17 runtime", e);
        } finally {
            spec.clearPassword();
        }
    }
}
