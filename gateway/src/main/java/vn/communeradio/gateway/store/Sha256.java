package vn.communeradio.gateway.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256, which checks media files and update packages against the hashes commands carry. */
public final class Sha256 {

    private Sha256() {
    }

    /** A fresh digest: every JVM has SHA-256, so its absence is a broken runtime, not an input error. */
    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
