package vn.communeradio.gateway.source;

import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import javax.net.ssl.SSLException;

/** Turns the JDK's TLS exceptions into what a technician can check: the certificate, its name, the clock. */
final class TlsProblems {

    private TlsProblems() {
    }

    static String explain(SSLException e, String host) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException) {
                return "its certificate has expired (or the station's clock is wrong)";
            }
            if (t instanceof CertificateNotYetValidException) {
                return "its certificate is not valid yet (is the station's clock right?)";
            }
            String m = t.getMessage() == null ? "" : t.getMessage();
            if (m.contains("No subject alternative") || m.contains("No name matching")) {
                return "its certificate is not for " + host + " (wrong host, or a captive portal in between)";
            }
            if (m.contains("PKIX path") || m.contains("unable to find valid certification path")) {
                return "its certificate is not signed by an authority the station trusts";
            }
        }
        return e.getMessage() == null ? "handshake refused" : e.getMessage();
    }
}
