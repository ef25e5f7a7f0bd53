package dev.chatsidecar.server.chatgpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatsidecar.protocol.ModelInfo;
import dev.chatsidecar.server.backend.ModelCatalog;
import dev.chatsidecar.server.testing.TestSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatGptModelsTest {

    @Test
    void knownSlugsResolveToThemselves() {
        for (String id : List.of("auto", "gpt-4o-mini", "gpt-4o", "gpt-4", "gpt-4-1", "gpt-4-5", "o4-mini", "gpt-5",
                "gpt-5-1", "gpt-5-2")) {
            assertEquals(id, ChatGptModels.resolve(id));
        }
    }

    @Test
    void aliasesResolveToTheirSlug() {
        assertEquals("auto", ChatGptModels.resolve("gpt-3.5-turbo"));
        assertEquals("auto", ChatGptModels.resolve("text-davinci-002-render-sha"));
        assertEquals("gpt-4-1", ChatGptModels.resolve("gpt-4.1"));
        assertEquals("gpt-4-5", ChatGptModels.resolve("gpt-4.5"));
        assertEquals("gpt-5-1", ChatGptModels.resolve("gpt-5.1"));
        assertEquals("gpt-5-2", ChatGptModels.resolve("gpt-5.2"));
        assertEquals("gpt-4o", ChatGptModels.resolve("chatgpt-4o-latest"));
        assertEquals("gpt-4", ChatGptModels.resolve("gpt-4-turbo"));
    }

    @Test
    void unknownOrMissingNamesFallBackToAuto() {
        assertEquals("auto", ChatGptModels.resolve("gpt-99"));
        assertEquals("auto", ChatGptModels.resolve(null));
        assertEquals("auto", ChatGptModels.resolve(" "));
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
