package vn.communeradio.gateway.link;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS sockets for {@code ssl://} brokers from PEM files as operators have them: a CA bundle, and optionally a
 * client certificate with its PKCS#8 key. Sockets get TCP_NODELAY like plain ones.
 */
public final class TlsSockets extends SSLSocketFactory {

    private final SSLSocketFactory delegate;

    private TlsSockets(SSLSocketFactory delegate) {
        this.delegate = delegate;
    }

    /**
     * @param ca   CA certificates (PEM), or null for the JVM's trust store
     * @param cert client certificate chain (PEM), or null
     * @param key  the client certificate's private key (PKCS#8 PEM), required with {@code cert}
     */
    public static TlsSockets create(Path ca, Path cert, Path key) throws IOException {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (ca == null) {
                tmf.init((KeyStore) null);
            } else {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                int i = 0;
                for (Certificate c : certificates(ca, "mqtt.tls.ca")) {
                    trust.setCertificateEntry("ca-" + i++, c);
                }
                tmf.init(trust);
            }
            KeyManagerFactory kmf = null;
            if (cert != null) {
                if (key == null) {
                    throw new IOException("mqtt.tls.cert is set but mqtt.tls.key is not");
                }
                KeyStore identity = KeyStore.getInstance("PKCS12");
                identity.load(null, null);
                Collection<? extends Certificate> chain = certificates(cert, "mqtt.tls.cert");
                identity.setKeyEntry("client", privateKey(key), new char[0], chain.toArray(new Certificate[0]));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(identity, new char[0]);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return new TlsSockets(context.getSocketFactory());
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS set-up failed: " + e.getMessage(), e);
        }
    }

    private static Collection<? extends Certificate> certificates(Path file, String key) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IOException(key + " " + file + ": no certificate in it");
            }
            return certs;
        } catch (GeneralSecurityException e) {
            throw new IOException(key + " " + file + ": not a PEM certificate (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new IOException(key + " " + file + ": " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path file) throws IOException {
        String pem = Files.readString(file);
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IOException("mqtt.tls.key " + file + ": expected an unencrypted PKCS#8 PEM key "
                    + "(-----BEGIN PRIVATE KEY-----; convert with: openssl pkcs8 -topk8 -nocrypt)");
        }
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64));
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IOException("mqtt.tls.key " + file + ": not an RSA, EC or Ed25519 key");
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket() throws IOException {
        return NoDelaySocketFactory.noDelay(delegate.createSocket());
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return NoDelaySocketFactory.noDelay(delegate.createSocket(s, host, port, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return NoDelaySocketFactory.noDelay(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return NoDelaySocketFactory.noDelay(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return NoDelaySocketFactory.noDelay(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return NoDelaySocketFactory.noDelay(delegate.createSocket(address, port, localAddress, localPort));
    }
}
