package vn.communeradio.gateway.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.InvalidKeySpecException;
import org.junit.jupiter.api.Test;

class PemTest {

    private final KeyPair pair = Fixture.generate();

    private static String error(String pem) {
        return assertThrows(InvalidKeySpecException.class, () -> Pem.readPublicKey(pem)).getMessage();
    }

    @Test
    void roundTripsBothKeyKinds() throws Exception {
        String pub = Pem.write(pair.getPublic());
        assertTrue(pub.startsWith("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA"), pub);
        assertTrue(pub.endsWith("-----END PUBLIC KEY-----\n"));
        assertEquals(pair.getPublic(), Pem.readPublicKey(pub));
        assertEquals(pair.getPrivate(), Pem.readPrivateKey(Pem.write(pair.getPrivate())));
    }

    @Test
    void toleratesWhatEditorsAndMailersDo() throws Exception {
        String pub = Pem.write(pair.getPublic());
        assertEquals(pair.getPublic(), Pem.readPublicKey("district key, added 2025-11-28\r\n"
                + pub.replace("\n", "\r\n") + "\n\n"));
        assertEquals(pair.getPublic(), Pem.readPublicKey(pub.replace("MCow", "MCow\n  ")));
    }

    @Test
    void saysWhatAFileIsWhenItIsNotAPublicKey() throws Exception {
        assertTrue(error("").contains("no '-----BEGIN PUBLIC KEY-----' line"));
        assertTrue(error(Pem.write(pair.getPrivate())).contains("this is a PRIVATE key"));
        assertTrue(error("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n").contains("certificate"));
        String pub = Pem.write(pair.getPublic());
        assertTrue(error(pub.substring(0, 70)).contains("END PUBLIC KEY"));
        assertTrue(error(pub + pub).contains("one key per file"));
        assertTrue(error(pub.replace("MCow", "MC*w")).contains("not valid base64"));
        assertTrue(error(pub.replace("MCowBQYDK2VwAyEA", "MCowBQYDK2VxAyEA")).contains("not an Ed25519 key"));
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        assertTrue(error(Pem.write(rsa.generateKeyPair().getPublic())).contains("not an Ed25519 key"));
    }
}
