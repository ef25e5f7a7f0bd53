package dev.chatsidecar.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * An {@link SSLContext} that trusts the JVM's default certificate authorities <em>plus</em> those of
 * a PEM bundle (a corporate TLS-inspecting proxy's root, a private CA). Verification stays on: there
 * is deliberately no way to trust everything.
 */
public final class CaBundleTrust {
    private CaBundleTrust() {
    }

    /**
     * Builds the context.
     *
     * @throws InvalidCaFileException when the file is missing, unreadable or holds no certificate;
     *                                the message names the file and the problem
     */
    public static SSLContext sslContext(Path pemFile) throws InvalidCaFileException {
        Collection<? extends Certificate> extra = readCertificates(pemFile);
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (X509Certificate ca : defaultTrustManager().getAcceptedIssuers()) {
                store.setCertificateEntry("jvm-" + n++, ca);
            }
            for (Certificate cert : extra) {
                store.setCertificateEntry("tls-cafile-" + n++, cert);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new InvalidCaFileException("cannot build a trust store with tls.caFile " + pemFile + ": " + e.getMessage(), e);
        }
    }

    private static Collection<? extends Certificate> readCertificates(Path pemFile) throws InvalidCaFileException {
        try (InputStream in = Files.newInputStream(pemFile)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new InvalidCaFileException("tls.caFile " + pemFile + " holds no PEM certificate", null);
            }
            return certs;
        } catch (NoSuchFileException e) {
            throw new InvalidCaFileException("tls.caFile " + pemFile + " does not exist", e);
        } catch (IOException e) {
            throw new InvalidCaFileException("cannot read tls.caFile " + pemFile + ": " + e, e);
        } catch (CertificateException e) {
            throw new InvalidCaFileException("tls.caFile " + pemFile + " is not a valid PEM certificate bundle: "
                    + e.getMessage(), e);
        }
    }

    private static X509TrustManager defaultTrustManager() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("the JVM has no X.509 trust manager");
    }

    /** The configured CA file cannot be used. */
    public static final class InvalidCaFileException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidCaFileException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
