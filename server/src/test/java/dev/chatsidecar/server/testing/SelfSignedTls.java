package dev.chatsidecar.server.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code 127.0.0.1}/{@code localhost}, made at test time with the
 * JDK's {@code keytool}: a PKCS12 key store for a local HTTPS server and the certificate as PEM
 * (what {@code tls.caFile} takes).
 */
public record SelfSignedTls(Path keyStore, Path certificatePem) {
    public static final String PASSWORD = "changeit";

    /** Generates both files in {@code dir}. */
    public static SelfSignedTls create(Path dir) throws IOException, InterruptedException {
        Path keyStore = dir.resolve("server.p12");
        Path pem = dir.resolve("server.pem");
        keytool("-genkeypair", "-alias", "test", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore", keyStore.toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "test", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                "-file", pem.toString());
        return new SelfSignedTls(keyStore, pem);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
    }
}
