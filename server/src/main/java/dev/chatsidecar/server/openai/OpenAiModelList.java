package dev.chatsidecar.server.openai;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.backend.LastContact;
import dev.chatsidecar.server.http.HeadersGate;
import dev.chatsidecar.server.http.HttpClientFactory;
import dev.chatsidecar.server.http.NetworkSettings;
import dev.chatsidecar.server.http.ResponseBodies;
import dev.chatsidecar.server.http.TransportErrors;
import dev.chatsidecar.server.log.Log;
import dev.chatsidecar.server.upstream.BackendException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * The server's models from {@code GET {baseUrl}/models}, cached briefly: model lists are read several
 * times per request (every resolution lists all backends), and a server that is down must not be
 * asked again for each of them. A failed fetch keeps the last good list (shown as unavailable) and
 * the typed failure. The whole fetch is bounded by {@link #FETCH_TIMEOUT_MS}. Never throws.
 */
final class OpenAiModelList {
    private static final Log LOG = Log.get(OpenAiModelList.class);
    static final long SUCCESS_TTL_MS = 60_000;
    static final long FAILURE_TTL_MS = 10_000;
    static final long FETCH_TIMEOUT_MS = 5_000;
    private static final int MAX_BODY = 8 << 20;

    /**
     * @param models  upstream model names (the last good list when the fetch failed; may be empty)
     * @param failure why the last fetch failed, or {@code null} when it succeeded
     */
    record Listing(List<String> models, BackendException failure) {
    }

    private record Key(OpenAiEndpoint endpoint, NetworkSettings network) {
    }

    private record Entry(Listing listing, long fetchedAtMs) {
    }

    private final HttpClientFactory clients;
    private final LongSupplier clockMs;
    private final Map<Key, Entry> cache = new HashMap<>();

    OpenAiModelList(HttpClientFactory clients, LongSupplier clockMs) {
        this.clients = clients;
        this.clockMs = clockMs;
    }

    /** The listing for this endpoint and network, from the cache while it is fresh. */
    synchronized Listing get(OpenAiEndpoint endpoint, NetworkSettings network) {
        Key key = new Key(endpoint, network);
        Entry entry = cache.get(key);
        long now = clockMs.getAsLong();
        if (entry != null) {
            long ttl = entry.listing().failure() == null ? SUCCESS_TTL_MS : FAILURE_TTL_MS;
            if (now - entry.fetchedAtMs() < ttl) {
                return entry.listing();
            }
        }
        Listing listing;
        try {
            listing = new Listing(fetch(endpoint, network), null);
        } catch (BackendException e) {
            LOG.debug("listing models of " + endpoint.service() + " failed: " + e.getMessage());
            listing = new Listing(entry == null ? List.of() : entry.listing().models(), e);
        }
        cache.put(key, new Entry(listing, now));
        return listing;
    }

    /**
     * What a chat request just showed about the server: unreachable (or refusing) → the cached listing
     * becomes that failure now; answered while the cache holds a failure → the cache is dropped, so the
     * next listing asks again at once instead of after {@link #FAILURE_TTL_MS}.
     */
    synchronized void observe(OpenAiEndpoint endpoint, NetworkSettings network, BackendException failure) {
        Key key = new Key(endpoint, network);
        Entry entry = cache.get(key);
        if (failure != null && failure.type() == ErrorType.CANCELLED) {
            return;
        }
        if (failure != null && LastContact.CANNOT_SERVE.contains(failure.type())) {
            List<String> known = entry == null ? List.of() : entry.listing().models();
            cache.put(key, new Entry(new Listing(known, failure), clockMs.getAsLong()));
        } else if (entry != null && entry.listing().failure() != null) {
            cache.remove(key);
        }
    }

    /** Drops the cached listing (the next {@link #get} fetches). */
    synchronized void forget(OpenAiEndpoint endpoint, NetworkSettings network) {
        cache.remove(new Key(endpoint, network));
    }

    private List<String> fetch(OpenAiEndpoint endpoint, NetworkSettings network) throws BackendException {
        OpenAiErrors errors = new OpenAiErrors(endpoint);
        HttpClient client = clients.client(network);
        HttpRequest request = endpoint.headers(HttpRequest.newBuilder(endpoint.uri("/models")))
                .header("Accept", "application/json")
                .header("Accept-Encoding", ResponseBodies.ACCEPT_ENCODING)
                .timeout(Duration.ofMillis(FETCH_TIMEOUT_MS))
                .GET().build();
        HeadersGate gate = new HeadersGate(); // a late cancel must not close a connection back in the pool
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request,
                gate.wrap(HttpResponse.BodyHandlers.ofByteArray()));
        HttpResponse<byte[]> response;
        try {
            response = future.get(FETCH_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            gate.abortUnlessAnswered(() -> future.cancel(true)); // after the headers, the request timeout ends it
            throw new BackendException(ErrorType.UNREACHABLE, endpoint.service() + " did not list its models within "
                    + FETCH_TIMEOUT_MS / 1000 + " s.", "Check that the server is running and openai.baseUrl "
                    + "(OPENAI_BASE_URL) points at it; or set openai.models to skip the listing.", true);
        } catch (InterruptedException e) {
            gate.abortUnlessAnswered(() -> future.cancel(true));
            Thread.currentThread().interrupt();
            throw new BackendException(ErrorType.UNREACHABLE, "Listing models was interrupted.", "Try again.", true);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw errors.scrub(TransportErrors.beforeResponse(endpoint.service(), request.uri(), io));
            }
            throw new BackendException(ErrorType.UNREACHABLE, "Listing models of " + endpoint.service() + " failed: "
                    + e.getCause(), "Try again.", true);
        }
        String body;
        try {
            body = ResponseBodies.readText(ResponseBodies.decoded(response.headers(),
                    new ByteArrayInputStream(response.body())), MAX_BODY);
        } catch (IOException e) {
            throw errors.scrub(TransportErrors.beforeResponse(endpoint.service(), request.uri(), e));
        }
        if (response.statusCode() != 200) {
            throw errors.fromResponse(response.statusCode(), response.headers(), body, null);
        }
        List<String> names = parse(body);
        if (names == null) {
            throw errors.notUnderstood(200, "a model list (GET /models)", body);
        }
        return names;
    }

    /** The {@code id}s of {@code {"data": [{"id": ...}, ...]}}, or {@code null} when the body has another shape. */
    static List<String> parse(String body) {
        JsonElement root;
        try {
            root = JsonParser.parseString(body);
        } catch (RuntimeException e) {
            return null;
        }
        if (!root.isJsonObject() || !root.getAsJsonObject().has("data") || !root.getAsJsonObject().get("data").isJsonArray()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (JsonElement item : root.getAsJsonObject().getAsJsonArray("data")) {
            if (item.isJsonObject()) {
                JsonObject model = item.getAsJsonObject();
                JsonElement id = model.get("id");
                if (id != null && id.isJsonPrimitive() && !id.getAsString().isBlank() && !names.contains(id.getAsString())) {
                    names.add(id.getAsString());
                }
            }
        }
        return names;
    }
}
