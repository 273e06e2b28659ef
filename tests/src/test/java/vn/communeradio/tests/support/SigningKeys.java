package vn.communeradio.tests.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.HashMap;
import java.util.Map;
import vn.communeradio.gateway.command.CommandSigner;
import vn.communeradio.gateway.command.Pem;

/** Ed25519 key pairs made for a test; the public halves go into a station's trusted-keys directory. */
public final class SigningKeys {

    private final Path keysDir;
    private final Map<String, KeyPair> pairs = new HashMap<>();

    public SigningKeys(Path keysDir) throws IOException {
        this.keysDir = Files.createDirectories(keysDir);
    }

    /** Makes a key pair and installs its public key as {@code <kid>.pem}. */
    public CommandSigner create(String kid) throws IOException, GeneralSecurityException {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        pairs.put(kid, pair);
        Files.writeString(keysDir.resolve(kid + ".pem"), Pem.write(pair.getPublic()));
        return new CommandSigner(kid, pair.getPrivate());
    }

    /** A key pair the station does not know. */
    public static CommandSigner stranger(String kid) throws GeneralSecurityException {
        return new CommandSigner(kid, KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate());
    }

    public KeyPair pair(String kid) {
        return pairs.get(kid);
    }

    public Path dir() {
        return keysDir;
    }
}
