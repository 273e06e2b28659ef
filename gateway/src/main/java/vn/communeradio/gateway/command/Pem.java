package vn.communeradio.gateway.command;

import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 keys in PEM as OpenSSL writes them: {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo, {@code openssl pkey
 * -pubout}) and {@code PRIVATE KEY} (PKCS#8, {@code openssl genpkey -algorithm ed25519}).
 */
public final class Pem {

    private static final String PUBLIC = "PUBLIC KEY";
    private static final String PRIVATE = "PRIVATE KEY";

    private Pem() {
    }

    /** Reads an Ed25519 public key; the message of the exception says what the text is instead. */
    public static PublicKey readPublicKey(String pem) throws InvalidKeySpecException {
        byte[] der = block(pem, PUBLIC);
        try {
            return keyFactory().generatePublic(new X509EncodedKeySpec(der));
        } catch (InvalidKeySpecException | ClassCastException e) {
            throw new InvalidKeySpecException("the PUBLIC KEY block is not an Ed25519 key (make one with: openssl "
                    + "genpkey -algorithm ed25519 -out key.pem; openssl pkey -in key.pem -pubout)");
        }
    }

    /** Reads an Ed25519 PKCS#8 private key. */
    public static PrivateKey readPrivateKey(String pem) throws InvalidKeySpecException {
        byte[] der = block(pem, PRIVATE);
        try {
            return keyFactory().generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (InvalidKeySpecException | ClassCastException e) {
            throw new InvalidKeySpecException("the PRIVATE KEY block is not an Ed25519 key (make one with: openssl "
                    + "genpkey -algorithm ed25519 -out key.pem)");
        }
    }

    /** PEM text of a public key, byte for byte what {@code openssl pkey -pubout} writes. */
    public static String write(PublicKey key) {
        return armour(PUBLIC, key.getEncoded());
    }

    /** PEM text of a private key (PKCS#8). */
    public static String write(PrivateKey key) {
        return armour(PRIVATE, key.getEncoded());
    }

    private static String armour(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    private static byte[] block(String pem, String label) throws InvalidKeySpecException {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int start = pem.indexOf(begin);
        if (start < 0) {
            String other = PUBLIC.equals(label) && pem.contains("PRIVATE KEY-----")
                    ? " (this is a PRIVATE key: trust the public half, openssl pkey -in key.pem -pubout, and keep "
                            + "the private key off the board)"
                    : pem.contains("-----BEGIN CERTIFICATE-----") ? " (this is a certificate, not a key)" : "";
            throw new InvalidKeySpecException("no '" + begin + "' line" + other);
        }
        int stop = pem.indexOf(end, start);
        if (stop < 0) {
            throw new InvalidKeySpecException("no '" + end + "' line (file cut short?)");
        }
        if (pem.indexOf(begin, stop) >= 0) {
            throw new InvalidKeySpecException("more than one " + label + " block; one key per file");
        }
        try {
            // the MIME decoder would skip any stray character; only line breaks and blanks may go
            StringBuilder body = new StringBuilder(stop - start);
            for (int i = start + begin.length(); i < stop; i++) {
                char c = pem.charAt(i);
                if (c != '\n' && c != '\r' && c != ' ' && c != '\t') {
                    body.append(c);
                }
            }
            return Base64.getDecoder().decode(body.toString());
        } catch (IllegalArgumentException e) {
            throw new InvalidKeySpecException("the " + label + " block is not valid base64: " + e.getMessage());
        }
    }

    private static KeyFactory keyFactory() {
        try {
            return KeyFactory.getInstance("Ed25519");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no Ed25519 (Java 15 or later is needed)", e);
        }
    }
}
