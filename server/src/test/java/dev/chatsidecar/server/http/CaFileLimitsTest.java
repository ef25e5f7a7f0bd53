package dev.chatsidecar.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.testing.SelfSignedTls;
import dev.chatsidecar.server.testing.SpecialFiles;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tls.caFile} pointing at something that is not a PEM file of sane size: a FIFO (opening it
 * would wait for a writer forever), {@code /dev/zero} (never ends), a directory, a huge file. Each is
 * refused at once with a message naming the setting, and a bad CA file never holds up a client
 * with other network settings.
 */
class CaFileLimitsTest {
    private static final Duration AT_ONCE = Duration.ofSeconds(10); // generous: a loaded machine

    @TempDir
    Path dir;


    private static CaBundleTrust.InvalidCaFileException refused(Path file) {
        return assertTimeoutPreemptively(AT_ONCE, () -> assertThrows(CaBundleTrust.InvalidCaFileException.class,
                () -> CaBundleTrust.sslContext(file)));
    }

    @Test
    void aFifoIsRefusedWithoutOpeningIt() throws Exception {
        String message = refused(SpecialFiles.fifo(dir, "ca.fifo")).getMessage();
        assertTrue(message.contains("tls.caFile") && message.contains("not a regular file"), message);
    }

    @Test
    void devZeroIsRefusedWithoutReadingIt() {
        String message = refused(Path.of("/dev/zero")).getMessage();
        assertTrue(message.contains("tls.caFile /dev/zero") && message.contains("not a regular file"), message);
    }

    @Test
    void aDirectoryIsRefused() {
        assertTrue(refused(dir).getMessage().contains("a directory"));
    }

    @Test
    void aFileAboveTheLimitIsRefusedWithoutReadingIt() throws Exception {
        Path huge = dir.resolve("huge.pem");
        try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(CaBundleTrust.MAX_BYTES + 1L); // sparse: costs no disk
        }
        String message = refused(huge).getMessage();
        assertTrue(message.contains("larger than 2 MiB"), message);
    }

    @Test
    void aBundleAtTheSizeOfTheSystemStoreIsAccepted() throws Exception {
        Path pem = SelfSignedTls.create(dir).certificatePem();
        Path padded = dir.resolve("padded.pem");
        // text outside BEGIN/END lines is ignored by the parser, like the comments in real bundles
        String comment = "# a comment line of a CA bundle, repeated to reach a realistic size\n";
        Files.writeString(padded, comment.repeat(300 * 1024 / comment.length()) + Files.readString(pem));
        assertTimeoutPreemptively(AT_ONCE, () -> CaBundleTrust.sslContext(padded));
    }

    @Test
    void aBadCaFileFailsItsOwnClientOnlyAndIsNotCached() throws Exception {
        HttpClientFactory factory = new HttpClientFactory();
        NetworkSettings zero = new NetworkSettings(null, List.of(), "/dev/zero", 1000);
        BackendException e = assertTimeoutPreemptively(AT_ONCE, () -> assertThrows(BackendException.class,
                () -> factory.client(zero)));
        assertEquals(ErrorType.UNREACHABLE, e.type());
        assertTrue(e.getMessage().contains("tls.caFile") && e.hint().contains("tls.caFile"), e.getMessage());
        CompletableFuture<Object> plain = CompletableFuture.supplyAsync(() -> {
            try {
                return factory.client(new NetworkSettings(null, List.of(), null, 1000));
            } catch (BackendException failure) {
                return failure;
            }
        });
        assertTrue(plain.get(AT_ONCE.toSeconds(), TimeUnit.SECONDS) instanceof java.net.http.HttpClient);
        assertThrows(BackendException.class, () -> factory.client(zero), "a failure is not cached: it is checked again");
    }
}
