package dev.chatsidecar.server.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.testing.SelfSignedTls;
import dev.chatsidecar.server.testing.TestSettings;
import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.upstream.CancelSignal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS against a server whose certificate the JVM does not trust, fixed by {@code tls.caFile}. */
class CaBundleTrustTest {
    @TempDir
    static Path dir;
    static Path certPem;
    static WireMockServer server;

    @BeforeAll
    static void startServerWithOwnCertificate() throws Exception {
        SelfSignedTls tls = SelfSignedTls.create(dir);
        certPem = tls.certificatePem();
        server = new WireMockServer(options().dynamicPort().dynamicHttpsPort().keystorePath(tls.keyStore().toString())
                .keystoreType("PKCS12").keystorePassword(SelfSignedTls.PASSWORD).keyManagerPassword(SelfSignedTls.PASSWORD));
        server.start();
        server.stubFor(get("/ok").willReturn(aResponse().withStatus(200).withBody("fine")));
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private HttpResponse<String> fetch(HttpClientFactory factory, String caFile) throws BackendException {
        var settings = caFile == null ? TestSettings.of() : TestSettings.of("tls.caFile", caFile);
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.httpsPort() + "/ok")).build();
        return CancellableSend.send(factory.client(settings), request, HttpResponse.BodyHandlers.ofString(),
                new CancelSignal(), "the test server");
    }

    @Test
    void untrustedCertificateIsUnreachableWithACaFileHint() {
        BackendException e = assertThrows(BackendException.class, () -> fetch(new HttpClientFactory(), null));
        assertEquals(ErrorType.UNREACHABLE, e.type());
        assertTrue(e.getMessage().contains("not trusted"), e.getMessage());
        assertTrue(e.hint().contains("tls.caFile"), e.hint());
    }

    @Test
    void caFileAddsTrust() throws Exception {
        HttpResponse<String> response = fetch(new HttpClientFactory(), certPem.toString());
        assertEquals(200, response.statusCode());
        assertEquals("fine", response.body());
    }

    @Test
    void badCaFilesGiveClearErrors() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");
        BackendException bad = assertThrows(BackendException.class, () -> fetch(new HttpClientFactory(), garbage.toString()));
        assertEquals(ErrorType.UNREACHABLE, bad.type());
        assertTrue(bad.getMessage().contains("garbage.pem"), bad.getMessage());
        assertTrue(bad.hint().contains("tls.caFile"), bad.hint());
        BackendException missing = assertThrows(BackendException.class,
                () -> fetch(new HttpClientFactory(), dir.resolve("missing.pem").toString()));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }
}
