package dev.chatsidecar.server.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatsidecar.protocol.ChatMessage;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.protocol.GenerationOptions;
import dev.chatsidecar.protocol.ModelInfo;
import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.backend.BackendRequest;
import dev.chatsidecar.server.upstream.CancelSignal;
import dev.chatsidecar.server.testing.SpecialFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code local.modelPath} on a FIFO or a device: the probe (listing) and the load (a request) answer
 * at once that the path is not a regular file, instead of blocking in {@code open()} until a writer
 * appears (and, through the checker's lock, blocking every later listing with it).
 */
class LocalModelFifoTest {
    private static final Duration AT_ONCE = Duration.ofSeconds(10); // generous: a loaded machine

    @TempDir
    Path dir;


    @Test
    void aFifoIsListedAsUnavailableAtOnceEveryTime() throws Exception {
        Path fifo = SpecialFiles.fifo(dir, "pipe.gguf");
        LocalChatBackend backend = new LocalChatBackend();
        for (int i = 0; i < 3; i++) { // the checker's lock must not be left held either
            List<ModelInfo> models = assertTimeoutPreemptively(AT_ONCE,
                    () -> backend.models(LocalChatBackendTest.settings(fifo.toString())));
            assertEquals("local/pipe", models.get(0).id);
            assertFalse(models.get(0).available);
            assertEquals("The local model path is not a regular file (a pipe, device or socket): " + fifo,
                    models.get(0).unavailableReason);
        }
    }

    @Test
    void aRequestToAFifoFailsAtOnceAsUnreachable() throws Exception {
        Path fifo = SpecialFiles.fifo(dir, "pipe.gguf");
        BackendRequest request = new BackendRequest(List.of(ChatMessage.user("hi")), "local/pipe", null,
                new GenerationOptions(null, null), LocalChatBackendTest.settings(fifo.toString()));
        BackendException e = assertTimeoutPreemptively(AT_ONCE, () -> assertThrows(BackendException.class,
                () -> new LocalChatBackend().complete(request, new LocalChatBackendTest.RecordingSink(), new CancelSignal())));
        assertEquals(ErrorType.UNREACHABLE, e.type());
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    }

    @Test
    void aDeviceIsNotRead() {
        LocalModelFile file = assertTimeoutPreemptively(AT_ONCE, () -> LocalModelFile.check("/dev/zero"));
        assertEquals("The local model path is not a regular file (a pipe, device or socket): /dev/zero", file.problem());
    }
}
