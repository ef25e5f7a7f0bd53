package dev.chatsidecar.protocol;

import java.util.List;

/** Result of {@code chat/models}. */
public class ChatModelsResult {
    public List<ModelInfo> models;
    public String defaultModel;

    public ChatModelsResult() {
    }

    public ChatModelsResult(List<ModelInfo> models, String defaultModel) {
        this.models = models;
        this.defaultModel = defaultModel;
    }
}
