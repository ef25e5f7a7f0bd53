package dev.chatsidecar.protocol;

/** Optional generation settings; a backend that cannot honour one ignores it. */
public class GenerationOptions {
    public Double temperature;
    public Integer maxTokens;

    public GenerationOptions() {
    }

    public GenerationOptions(Double temperature, Integer maxTokens) {
        this.temperature = temperature;
        this.maxTokens = maxTokens;
    }
}
