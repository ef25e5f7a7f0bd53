package dev.chatsidecar.server.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
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
    /**
     * The largest CA file accepted: Mozilla's whole root store as PEM (Debian's
     * {@code ca-certificates.crt}) is about 220 KiB, so this leaves room for any real bundle.
     */
    public static final int MAX_BYTES = 2 << 20;

    private CaBundleTrust() {
    }

    /**
     * Builds the context.
     *
     * @throws InvalidCaFileException when the file is missing, not a regular file, larger than
     *                                {@link #MAX_BYTES}, unreadable or holds no certificate; the message
     *                                names the setting, the file and the problem
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
        byte[] pem = readBounded(pemFile);
        try {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem));
            if (certs.isEmpty()) {
                throw new InvalidCaFileException("tls.caFile " + pemFile + " holds no PEM certificate", null);
            }
            return certs;
        } catch (CertificateException e) {
            throw new InvalidCaFileException("tls.caFile " + pemFile + " is not a valid PEM certificate bundle: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The file's bytes, refusing before it is opened anything that is not a regular file: opening a
     * FIFO blocks until a writer appears, and a device such as {@code /dev/zero} never ends. A regular
     * file is read only up to {@link #MAX_BYTES} (it may grow between the size check and the read).
     */
    static byte[] readBounded(Path pemFile) throws InvalidCaFileException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(pemFile, BasicFileAttributes.class); // stat: never opens the file
        } catch (NoSuchFileException e) {
            throw new InvalidCaFileException("tls.caFile " + pemFile + " does not exist", e);
        } catch (IOException e) {
            throw new InvalidCaFileException("cannot read tls.caFile " + pemFile + ": " + e, e);
        }
        if (!attributes.isRegularFile()) {
            String what = attributes.isDirectory() ? "a directory" : "not a regular file (a pipe, device or socket)";
            throw new InvalidCaFileException("tls.caFile " + pemFile + " is " + what + "; it must be a PEM file", null);
        }
        if (attributes.size() > MAX_BYTES) {
            throw tooLarge(pemFile);
        }
        try (InputStream in = Files.newInputStream(pemFile)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw tooLarge(pemFile);
            }
            return bytes;
        } catch (IOException e) {
            throw new InvalidCaFileException("cannot read tls.caFile " + pemFile + ": " + e, e);
        }
    }

    private static InvalidCaFileException tooLarge(Path pemFile) {
        return new InvalidCaFileException("tls.caFile " + pemFile + " is larger than " + (MAX_BYTES >> 20)
                + " MiB, too large for a bundle of CA certificates", null);
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
