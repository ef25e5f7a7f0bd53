package dev.chatsidecar.server.chatgpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatsidecar.protocol.ModelInfo;
import dev.chatsidecar.server.backend.ModelCatalog;
import dev.chatsidecar.server.testing.TestSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatGptModelsTest {
    private static final ChatGptBackend BACKEND = new ChatGptBackend(new ChatGptOptions().deviceIdDir(null));

    private static String route(String id) {
        return BACKEND.route(id, TestSettings.of()).id;
    }

    @Test
    void knownSlugsResolveToThemselves() {
        for (String id : List.of("auto", "gpt-4o-mini", "gpt-4o", "gpt-4", "gpt-4-1", "gpt-4-5", "o4-mini", "gpt-5",
                "gpt-5-1", "gpt-5-2")) {
            assertEquals(id, route(id));
        }
    }

    @Test
    void aliasesResolveToTheirSlug() {
        assertEquals("auto", route("gpt-3.5-turbo"));
        assertEquals("auto", route("text-davinci-002-render-sha"));
        assertEquals("gpt-4-1", route("gpt-4.1"));
        assertEquals("gpt-4-5", route("gpt-4.5"));
        assertEquals("gpt-5-1", route("gpt-5.1"));
        assertEquals("gpt-5-2", route("gpt-5.2"));
        assertEquals("gpt-4o", route("chatgpt-4o-latest"));
        assertEquals("gpt-4", route("gpt-4-turbo"));
    }

    @Test
    void anUnknownSlugGoesToChatGptAsIsNeverToAnotherModel() {
        assertEquals("gpt-99", route("gpt-99"));
    }

    @Test
    void catalogueListsEveryModelWithLabelAndProvider() {
        List<ModelInfo> models = ChatGptModels.list();
        assertEquals(10, models.size());
        assertEquals("auto", models.get(0).id);
        assertEquals("ChatGPT (auto)", models.get(0).label);
        assertTrue(models.stream().allMatch(m -> m.provider.equals("chatgpt") && m.available));
        assertTrue(models.get(0).aliases.contains("gpt-3.5-turbo"));
    }

    @Test
    void throughTheCatalogAliasesResolveAndAnUnknownSlugGoesToChatGptAsIsNeverToTheDefault() throws Exception {
        ModelCatalog catalog = new ModelCatalog(List.of(new ChatGptBackend(new ChatGptOptions().deviceIdDir(null))));
        var settings = TestSettings.of();
        assertEquals("auto", catalog.defaultModel(settings));
        assertEquals("auto", catalog.route(null, settings).id());
        assertEquals("gpt-4-1", catalog.route("gpt-4.1", settings).id());
        // chatgpt.com is the authority on its slugs: it gets the id and its answer decides
        assertEquals("nonsense", catalog.route("nonsense", settings).id());
        assertTrue(catalog.list(settings).get(0).isDefault);
        assertEquals("unchecked", catalog.list(settings).get(0).status);
    }
}
