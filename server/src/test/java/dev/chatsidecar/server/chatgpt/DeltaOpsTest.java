package dev.chatsidecar.server.chatgpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeltaOpsTest {
    private static JsonElement json(String text) {
        return JsonParser.parseString(text);
    }

    private static JsonObject root() throws DeltaOps.InvalidOp {
        return DeltaOps.apply(null, "", "add", json("{\"message\": {\"content\": {\"parts\": [\"abc\"]}, "
                + "\"metadata\": {\"a\": 1}, \"list\": [1, 2, 3]}, \"error\": null}"));
    }

    @Test
    void appendConcatenatesStringsExtendsListsAndMergesObjects() throws Exception {
        JsonObject root = root();
        DeltaOps.apply(root, "/message/content/parts/0", "append", json("\"def\""));
        DeltaOps.apply(root, "/message/list", "append", json("[4, 5]"));
        DeltaOps.apply(root, "/message/list", "append", json("6"));
        DeltaOps.apply(root, "/message/metadata", "append", json("{\"b\": 2}"));
        assertEquals(json("{\"message\": {\"content\": {\"parts\": [\"abcdef\"]}, \"metadata\": {\"a\": 1, \"b\": 2}, "
                + "\"list\": [1, 2, 3, 4, 5, 6]}, \"error\": null}"), root);
    }

    @Test
    void replaceAddTruncateAndRemove() throws Exception {
        JsonObject root = root();
        DeltaOps.apply(root, "/message/content/parts/0", "truncate", json("1"));
        DeltaOps.apply(root, "/message/list", "truncate", json("2"));
        DeltaOps.apply(root, "/message/list/0", "add", json("0"));
        DeltaOps.apply(root, "/message/list/-", "add", json("9"));
        DeltaOps.apply(root, "/message/metadata/a", "remove", null);
        DeltaOps.apply(root, "/message/status", "replace", json("\"done\""));
        assertEquals(json("{\"message\": {\"content\": {\"parts\": [\"a\"]}, \"metadata\": {}, \"list\": [0, 1, 2, 9], "
                + "\"status\": \"done\"}, \"error\": null}"), root);
    }

    @Test
    void patchAppliesItsOperationsInOrderRelativeToItsPath() throws Exception {
        JsonObject root = root();
        DeltaOps.apply(root, "/message", "patch", json("[{\"p\": \"/content/parts/0\", \"o\": \"append\", \"v\": \"!\"},"
                + "{\"p\": \"/content/parts/0\", \"o\": \"replace\", \"v\": \"new\"}]"));
        assertEquals("new", root.getAsJsonObject("message").getAsJsonObject("content").getAsJsonArray("parts")
                .get(0).getAsString());
    }

    @Test
    void jsonPointerEscapes() throws Exception {
        assertEquals(List.of("a/b", "c~d", ""), DeltaOps.tokens("/a~1b/c~0d/"));
        JsonObject root = DeltaOps.apply(null, "", "add", json("{}"));
        DeltaOps.apply(root, "/x~1y", "add", json("1"));
        assertEquals(json("{\"x/y\": 1}"), root);
    }

    @Test
    void unknownOperationsAreIgnoredButImpossibleOnesFail() throws Exception {
        JsonObject root = root();
        JsonObject before = root.deepCopy();
        DeltaOps.apply(root, "/message/content", "frobnicate", json("1"));
        assertEquals(before, root);
        assertThrows(DeltaOps.InvalidOp.class, () -> DeltaOps.apply(root, "/message/metadata/a", "append", json("\"x\"")));
        assertThrows(DeltaOps.InvalidOp.class, () -> DeltaOps.apply(root, "/message/list/7", "replace", json("1")));
        assertThrows(DeltaOps.InvalidOp.class, () -> DeltaOps.apply(root, "message", "replace", json("1")));
    }
}
