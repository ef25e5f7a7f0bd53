package dev.chatsidecar.server.openai;

import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.protocol.FinishReason;
import dev.chatsidecar.protocol.ModelInfo;
import dev.chatsidecar.server.backend.BackendRequest;
import dev.chatsidecar.server.backend.BackendResult;
import dev.chatsidecar.server.backend.ChatBackend;
import dev.chatsidecar.server.backend.DeltaSink;
import dev.chatsidecar.server.backend.LastContact;
import dev.chatsidecar.server.backend.ModelRouting;
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
    private final LastContact contacts = new LastContact();

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
    public String idPrefix() {
        return PREFIX;
    }

    /**
     * The server's models: {@code ready} from a listing that worked, {@code unavailable} when it failed
     * (or a request since could not reach the server), {@code unchecked} for {@code openai.models}
     * before any request.
     */
    @Override
    public List<ModelInfo> models(Settings settings) {
        OpenAiEndpoint endpoint = OpenAiEndpoint.from(settings);
        if (!endpoint.configured()) {
            BackendException why = notConfigured();
            return List.of(placeholder(endpoint).unavailable(why.getMessage() + " " + why.hint()));
        }
        if (endpoint.explicitModels()) {
            return contacts.apply(endpoint.service() + " " + endpoint.uri(""), models(endpoint, endpoint.models(), null));
        }
        OpenAiModelList.Listing listing = modelList.get(endpoint, NetworkSettings.from(settings));
        List<ModelInfo> models = models(endpoint, listing.models(), listing.failure());
        return listing.failure() == null ? models.stream().map(m -> m.available ? m.ready() : m).toList() : models;
    }

    /**
     * A listed id is itself; an unlisted one is {@code invalid_request} naming the listed ones, except
     * when the list could not be fetched or is empty: then the server is the authority and gets the id.
     */
    @Override
    public ModelInfo route(String id, Settings settings) throws BackendException {
        OpenAiEndpoint endpoint = OpenAiEndpoint.from(settings);
        if (!endpoint.configured()) {
            throw notConfigured();
        }
        List<ModelInfo> models = models(settings);
        ModelInfo listed = ModelRouting.find(models, id);
        if (listed != null || endpoint.explicitModels()) {
            return listed != null ? listed : ModelRouting.pick(this, id, models);
        }
        OpenAiModelList.Listing listing = modelList.get(endpoint, NetworkSettings.from(settings));
        if (listing.failure() != null || listing.models().isEmpty()) {
            if (id.equals(PLACEHOLDER_ID) || id.equals(PROVIDER) || !id.startsWith(PREFIX)) {
                throw listing.failure() != null ? listing.failure() : new BackendException(ErrorType.INVALID_REQUEST,
                        "No model of " + endpoint.service() + " was named.", "Name one: openai/<model>.", false);
            }
            return new ModelInfo(id, id.substring(PREFIX.length()) + " (" + host(endpoint) + ")", PROVIDER, List.of());
        }
        return ModelRouting.pick(this, id, models);
    }

    @Override
    public void contacted(Settings settings, BackendException failure) {
        OpenAiEndpoint endpoint = OpenAiEndpoint.from(settings);
        if (endpoint.explicitModels()) {
            contacts.record(endpoint.service() + " " + endpoint.uri(""), failure);
        } else if (endpoint.configured()) {
            modelList.observe(endpoint, NetworkSettings.from(settings), failure);
        }
    }

    @Override
    public boolean worthRechecking(Settings settings) {
        return OpenAiEndpoint.from(settings).configured();
    }

    /** Lists the models again now (with {@code openai.models}: asks {@code GET /models} only to see the server answer). */
    @Override
    public void refresh(Settings settings) {
        OpenAiEndpoint endpoint = OpenAiEndpoint.from(settings);
        if (!endpoint.configured()) {
            return;
        }
        NetworkSettings network = NetworkSettings.from(settings);
        modelList.forget(endpoint, network);
        OpenAiModelList.Listing listing = modelList.get(endpoint, network);
        if (endpoint.explicitModels()) {
            contacts.record(endpoint.service() + " " + endpoint.uri(""), listing.failure());
        }
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
