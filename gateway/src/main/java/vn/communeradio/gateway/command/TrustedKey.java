package vn.communeradio.gateway.command;

import java.security.PublicKey;

/** One trusted Ed25519 key: what it may sign up to, and where the trust comes from. */
public record TrustedKey(String kid, PublicKey key, Priority maxPriority, boolean admin, Origin origin) {

    /** Where a key was configured. */
    public enum Origin {
        /** A {@code <kid>.pem} file in the keys directory. */
        FILE,
        /** A {@code keys add} command, kept in the state directory. */
        COMMAND
    }
}
