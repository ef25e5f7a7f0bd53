package dev.chatsidecar.server.chatgpt;

import dev.chatsidecar.protocol.ModelInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The models of the ChatGPT web backend: the slugs it has accepted over time and the friendly
 * names that map to them (dots become dashes: {@code gpt-4.1} → {@code gpt-4-1}). Anonymous use
 * sends {@code auto}, which is also the default. Routing ({@link ChatGptBackend#route}): a known slug
 * is itself, an alias maps to its slug, any other bare id goes to chatgpt.com as is (the server
 * decides); never to another model silently.
 */
public final class ChatGptModels {
    /** The provider name reported in {@code chat/models}. */
    public static final String PROVIDER = "chatgpt";

    private static final Map<String, List<String>> ALIASES = aliases();

    private ChatGptModels() {
    }

    private static Map<String, List<String>> aliases() {
        Map<String, List<String>> map = new LinkedHashMap<>();
        map.put("auto", List.of("gpt-3.5-turbo", "text-davinci-002-render-sha"));
        map.put("gpt-4o-mini", List.of());
        map.put("gpt-4o", List.of("chatgpt-4o-latest"));
        map.put("gpt-4", List.of("gpt-4-turbo"));
        map.put("gpt-4-1", List.of("gpt-4.1"));
        map.put("gpt-4-5", List.of("gpt-4.5"));
        map.put("o4-mini", List.of());
        map.put("gpt-5", List.of());
        map.put("gpt-5-1", List.of("gpt-5.1"));
        map.put("gpt-5-2", List.of("gpt-5.2"));
        return map;
    }

    /** Every model, default first, each with its label ({@code ChatGPT (auto)}) and aliases. */
    public static List<ModelInfo> list() {
        List<ModelInfo> models = new ArrayList<>();
        ALIASES.forEach((id, aliases) -> models.add(new ModelInfo(id, "ChatGPT (" + id + ")", PROVIDER, aliases)));
        return models;
    }
}
