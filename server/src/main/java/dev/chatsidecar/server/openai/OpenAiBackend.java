package dev.chatsidecar.server.openai;

import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.protocol.FinishReason;
import dev.chatsidecar.protocol.ModelInfo;
import dev.chatsidecar.server.backend.BackendRequest;
import dev.chatsidecar.server.backend.BackendResult;
import dev.chatsidecar.server.backend.ChatBackend;
import dev.chatsidecar.server.backend.DeltaSink;
import dev.chatsidecar.server.http.HttpClientFactory;
import dev.chatsidecar.server.http.NetworkSettings;
import dev.chatsidecar.server.settings.Settings;
import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.upstream.CancelSignal;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Any OpenAI-compatible Chat Completions server (OpenAI, Ollama's {@code /v1}, llama.cpp server,
 * vLLM, LM Studio, OpenRouter, Groq ...) as models {@code openai/<model>}. The model list comes from
 * {@code openai.models}, else from {@code GET /models} ({@link OpenAiModelList}); answers stream from
 * {@code POST /chat/completions} ({@link OpenAiExchange}). Proxy, CA bundle and timeouts are the shared
 * HTTP settings. When nothing is configured, or the list cannot be fetched, one entry
 * {@value #PLACEHOLDER_ID} (or the last known models) is listed as unavailable with the reason.
 */
public final class OpenAiBackend implements ChatBackend {
    public static final String PROVIDER = "openai";
    static final String PREFIX = PROVIDER + "/";
    /** Listed when no model name is known; requests to it fail with the reason. */
    public static final String PLACEHOLDER_ID = PREFIX + "*";

    private final HttpClientFactory clients;
    private final OpenAiModelList modelList;

    public OpenAiBackend() {
        this(HttpClientFactory.shared(), System::currentTimeMillis);
    }

    OpenAiBackend(HttpClientFactory clients, java.util.function.LongSupplier clockMs) {
        this.clients = clients;
        this.modelList = new OpenAiModelList(clients, clockMs);
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public List<ModelInfo> models(Settings settings) {
        OpenAiEndpoint endpoint = OpenAiEndpoint.from(settings);
        if (!endpoint.configured()) {
            BackendException why = notConfigured();
            return List.of(placeholder(endpoint).unavailable(why.getMessage() + " " + why.hint()));
        }
        if (endpoint.explicitModels()) {
            return models(endpoint, endpoint.models(), null);
        }
        OpenAiModelList.Listing listing = modelList.get(endpoint, NetworkSettings.from(settings));
        return models(endpoint, listing.models(), listing.failure());
    }

    private static List<ModelInfo> models(OpenAiEndpoint endpoint, List<String> names, BackendException failure) {
        if (names.isEmpty()) {
            String reason = failure != null ? reason(failure)
                    : endpoint.explicitModels() ? "openai.models is set but empty; name the models to use."
                    : endpoint.service() + " lists no models (GET /models returned an empty list); set openai.models.";
            return List.of(placeholder(endpoint).unavailable(reason));
        }
        List<ModelInfo> models = new ArrayList<>();
        for (String name : names) {
            ModelInfo model = new ModelInfo(PREFIX + name, name + " (" + host(endpoint) + ")", PROVIDER, List.of());
            models.add(failure == null ? model : model.unavailable(reason(failure)));
        }
        return models;
    }

    @Override
    public BackendResult complete(BackendRequest request, DeltaSink sink, CancelSignal cancel) throws BackendException {
        Settings settings = request.settings();
        OpenAiEndpoint endpoint = OpenAiEndpoint.from(settings);
        if (!endpoint.configured()) {
            throw notConfigured();
        }
        if (request.model().equals(PLACEHOLDER_ID) || !request.model().startsWith(PREFIX)) {
            OpenAiModelList.Listing listing = endpoint.explicitModels() ? null
                    : modelList.get(endpoint, NetworkSettings.from(settings));
            if (listing != null && listing.failure() != null) {
                throw listing.failure();
            }
            throw new BackendException(ErrorType.INVALID_REQUEST, "No model of " + endpoint.service()
                    + " was named: pick one of the openai/... models from chat/models.",
                    "Set openai.models, or check that the server lists its models.", false);
        }
        String model = request.model().substring(PREFIX.length());
        OpenAiExchange exchange = new OpenAiExchange(endpoint, clients.client(settings), new OpenAiErrors(endpoint));
        return exchange.stream(model, request, sink, cancel);
    }

    private static ModelInfo placeholder(OpenAiEndpoint endpoint) {
        return new ModelInfo(PLACEHOLDER_ID, "OpenAI-compatible server (" + host(endpoint) + ")", PROVIDER, List.of());
    }

    private static BackendException notConfigured() {
        return new BackendException(ErrorType.UNREACHABLE, "No OpenAI-compatible server is configured.",
                "Set openai.apiKey (OPENAI_API_KEY) to use api.openai.com, or openai.baseUrl (OPENAI_BASE_URL) for "
                        + "another server, e.g. http://127.0.0.1:11434/v1 for Ollama.", false);
    }

    private static String reason(BackendException failure) {
        return "Cannot list models: " + failure.getMessage() + (failure.hint() == null ? "" : " " + failure.hint());
    }

    private static String host(OpenAiEndpoint endpoint) {
        URI uri = endpoint.uri("");
        return uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    }

    /** Finish reasons of the API in the contract's two values. */
    static String finishReason(String upstream) {
        return FinishReason.LENGTH.equals(upstream) ? FinishReason.LENGTH : FinishReason.STOP;
    }
}
