package dev.chatsidecar.server.chatgpt;

import dev.chatsidecar.server.http.HttpClientFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Per test: a WireMock chatgpt.com ({@link FakeChatGpt}), a private cache directory for the device
 * id, and every {@link ChatGptBackend} made with {@link #backend}, all closed after the test.
 */
final class ChatGptTestbed implements BeforeEachCallback, AfterEachCallback {
    FakeChatGpt fake;
    Path cacheDir;
    private final List<ChatGptBackend> backends = new ArrayList<>();

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        cacheDir = Files.createTempDirectory("chatgpt-testbed");
        fake = new FakeChatGpt();
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        backends.forEach(ChatGptBackend::close);
        backends.clear();
        fake.close();
        try (Stream<Path> files = Files.walk(cacheDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** A backend on the test's cache directory with its own HTTP clients. */
    ChatGptBackend backend(ChatGptOptions options) {
        ChatGptBackend backend = new ChatGptBackend(options.deviceIdDir(cacheDir).http(new HttpClientFactory()));
        backends.add(backend);
        return backend;
    }
}
