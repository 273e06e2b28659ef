package vn.communeradio.tests.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Client certificates ({@code CN} = station id, clientAuth) for 10^4 stand-in stations, issued in memory by the
 * station CA of a {@link TestPki}: one {@code openssl} run per certificate, as {@link TestPki#leaf} does, takes
 * about 25 ms, four minutes for a province. All share one EC P-256 key pair (the broker checks each certificate's
 * chain and each handshake's signature the same way); each TLS engine presents the certificate of the station it
 * is bound to.
 */
public final class StationCertificates {

    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");
    /** ecdsa-with-SHA256 (1.2.840.10045.4.3.2), an AlgorithmIdentifier without parameters. */
    private static final byte[] ECDSA_SHA256 = der(0x30, new byte[] {0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce,
            0x3d, 0x04, 0x03, 0x02});
    /** The extensions [3] of a client certificate: extendedKeyUsage (2.5.29.37) = clientAuth (1.3.6.1.5.5.7.3.2). */
    private static final byte[] CLIENT_AUTH = der(0xa3, der(0x30, der(0x30, MqttWire.concat(
            new byte[] {0x06, 0x03, 0x55, 0x1d, 0x25},
            der(0x04, der(0x30, new byte[] {0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02}))))));

    private final X509Certificate ca;
    private final PrivateKey caKey;
    private final KeyPair stations;
    private final Map<String, X509Certificate[]> chains = new ConcurrentHashMap<>();
    private final Map<SSLEngine, String> bound = new ConcurrentHashMap<>();

    private StationCertificates(X509Certificate ca, PrivateKey caKey, KeyPair stations) {
        this.ca = ca;
        this.caKey = caKey;
        this.stations = stations;
    }

    /** Issued by the CA {@code name} of {@code pki} (its certificate and PKCS#8 key as TestPki writes them). */
    public static StationCertificates issuedBy(TestPki pki, String name) throws IOException, GeneralSecurityException {
        X509Certificate ca;
        try (InputStream in = Files.newInputStream(pki.cert(name))) {
            ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        String pem = Files.readString(pki.key(name)).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PrivateKey caKey = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return new StationCertificates(ca, caKey, generator.generateKeyPair());
    }

    /** Issues the certificate of each station in {@code ids} (valid from an hour ago for two days). */
    public void issue(Iterable<String> ids) throws GeneralSecurityException {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        byte[] validity = der(0x30, MqttWire.concat(der(0x17, utc(now.minusHours(1))), der(0x17, utc(now.plusDays(2)))));
        byte[] issuer = ca.getSubjectX500Principal().getEncoded();
        byte[] publicKey = stations.getPublic().getEncoded();
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        Signature signer = Signature.getInstance("SHA256withECDSA");
        long serial = System.currentTimeMillis();
        for (String id : ids) {
            byte[] subject = new javax.security.auth.x500.X500Principal("CN=" + id).getEncoded();
            byte[] tbs = der(0x30, MqttWire.concat(new byte[] {(byte) 0xa0, 3, 2, 1, 2}, // version 3
                    der(0x02, BigInteger.valueOf(serial++).toByteArray()), ECDSA_SHA256, issuer, validity, subject,
                    publicKey, CLIENT_AUTH));
            signer.initSign(caKey);
            signer.update(tbs);
            byte[] signature = MqttWire.concat(new byte[] {0}, signer.sign());
            byte[] certificate = der(0x30, MqttWire.concat(tbs, ECDSA_SHA256, der(0x03, signature)));
            chains.put(id, new X509Certificate[] {
                    (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(certificate))});
        }
    }

    /** Station {@code id}'s certificate, as issued. */
    public X509Certificate certificate(String id) {
        return chains.get(id)[0];
    }

    /** A TLS context that trusts {@code serverCa} and presents, on each engine, the certificate bound to it. */
    public SSLContext context(Path serverCa) throws IOException, GeneralSecurityException {
        return context(serverCa, new KeyManager[] {new PerEngine()});
    }

    /** A TLS context that trusts {@code serverCa} and has no client certificate (a central system's). */
    public static SSLContext trusting(Path serverCa) throws IOException, GeneralSecurityException {
        return context(serverCa, null);
    }

    private static SSLContext context(Path serverCa, KeyManager[] keyManagers) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(serverCa)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers, tmf.getTrustManagers(), null);
        return context;
    }

    /** The engine will present station {@code id}'s certificate. */
    public void bind(SSLEngine engine, String id) {
        bound.put(engine, id);
    }

    /** Chooses the certificate by the engine it is asked for. */
    private final class PerEngine extends X509ExtendedKeyManager {
        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return bound.get(engine);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return chains.keySet().toArray(new String[0]);
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return chains.get(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return chains.containsKey(alias) ? stations.getPrivate() : null;
        }
    }

    private static byte[] utc(ZonedDateTime time) {
        return time.format(UTC_TIME).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** A DER tag-length-value. */
    private static byte[] der(int tag, byte[] value) {
        int n = value.length;
        byte[] length = n < 0x80 ? new byte[] {(byte) n}
                : n < 0x100 ? new byte[] {(byte) 0x81, (byte) n}
                : new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
        return MqttWire.concat(new byte[] {(byte) tag}, length, value);
    }
}
