package dev.chatsidecar.server.acp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How prompt content blocks become the user message every backend gets. */
class PromptContentTest {
    @TempDir
    Path dir;

    private static String text(String json) throws AcpErrors.InvalidParams {
        return PromptContent.toUserText(JsonParser.parseString(json));
    }

    @Test
    void textBlocksAreJoinedAndContextFollowsInOrder() throws Exception {
        assertEquals("Fix this\n\nplease\n\nFile: file:///a.py\n```\nprint(1)\n```\n\nAttached: file:///b.png (binary content, not included)",
                text("[{\"type\":\"text\",\"text\":\"Fix this\"},"
                        + "{\"type\":\"resource\",\"resource\":{\"uri\":\"file:///a.py\",\"text\":\"print(1)\"}},"
                        + "{\"type\":\"resource\",\"resource\":{\"uri\":\"file:///b.png\",\"blob\":\"AAAA\"}},"
                        + "{\"type\":\"text\",\"text\":\"please\"}]"));
    }

    @Test
    void aFenceIsLongerThanAnyBacktickRunInTheFile() throws Exception {
        String result = text("[{\"type\":\"text\",\"text\":\"q\"},"
                + "{\"type\":\"resource\",\"resource\":{\"uri\":\"file:///r.md\",\"text\":\"```js\\nx\\n```\\n\"}}]");
        assertEquals("q\n\nFile: file:///r.md\n````\n```js\nx\n```\n````", result);
    }

    @Test
    void aLinkToASmallLocalTextFileBringsItsText() throws Exception {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "remember the milk\n", StandardCharsets.UTF_8);
        String uri = file.toUri().toString();
        assertEquals("see\n\nFile: " + uri + "\n```\nremember the milk\n```",
                text("[{\"type\":\"text\",\"text\":\"see\"},{\"type\":\"resource_link\",\"uri\":\"" + uri + "\",\"name\":\"notes.txt\"}]"));
    }

    @Test
    void otherLinksAreNamedOnly() throws Exception {
        Path binary = dir.resolve("blob.bin");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0});
        assertNull(PromptContent.readLocalText(binary.toUri().toString()));
        assertNull(PromptContent.readLocalText(dir.resolve("missing.txt").toUri().toString()));
        assertEquals("x\n\nReferenced: https://example.com/a",
                text("[{\"type\":\"text\",\"text\":\"x\"},{\"type\":\"resource_link\",\"uri\":\"https://example.com/a\",\"name\":\"https://example.com/a\"}]"));
    }

    @Test
    void refusalsNameTheBlock() {
        assertTrue(assertThrows(AcpErrors.InvalidParams.class, () -> text("[]")).getMessage().contains("non-empty"));
        assertTrue(assertThrows(AcpErrors.InvalidParams.class,
                () -> text("[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"audio\",\"data\":\"\",\"mimeType\":\"audio/wav\"}]"))
                .getMessage().startsWith("prompt[1] is audio content"));
        assertTrue(assertThrows(AcpErrors.InvalidParams.class, () -> text("[{\"type\":\"text\",\"text\":5}]"))
                .getMessage().contains("prompt[0].text"));
        assertTrue(assertThrows(AcpErrors.InvalidParams.class, () -> text("[{\"type\":\"text\",\"text\":\"  \"}]"))
                .getMessage().contains("no text"));
        assertTrue(assertThrows(AcpErrors.InvalidParams.class, () -> text("[{\"type\":\"resource_link\",\"name\":\"n\"}]"))
                .getMessage().contains("prompt[0].uri is required"));
    }
}
