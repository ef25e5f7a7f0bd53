package dev.chatsidecar.server.chatgpt;

import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.protocol.ModelInfo;
import dev.chatsidecar.server.backend.BackendRequest;
import dev.chatsidecar.server.backend.BackendResult;
import dev.chatsidecar.server.backend.ChatBackend;
import dev.chatsidecar.server.backend.DeltaSink;
import dev.chatsidecar.server.backend.LastContact;
import dev.chatsidecar.server.backend.ModelRouting;
import dev.chatsidecar.server.http.HttpClientFactory;
import dev.chatsidecar.server.log.Log;
import dev.chatsidecar.server.settings.SettingKey;
import dev.chatsidecar.server.settings.Settings;
import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.upstream.CancelSignal;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * The chatgpt.com web backend (anonymous flow). Each request runs the stages in order:
 * session ({@link SessionPool}) → requirements and proof of work ({@link RequirementsStage}, usually
 * prefetched by {@link RequirementsPrefetch}) → challenges ({@link ChallengeStage}) → conversation
 * ({@link ConversationStage}) → stream decoding ({@link AnswerStream}, {@link ChatGptStreamDecoder}).
 * A session that a call refuses (401/403) is dropped; if it had been reused, the request is tried
 * once more with a new one. Thread-safe.
 */
public final class ChatGptBackend implements ChatBackend {
    private static final Log LOG = Log.get(ChatGptBackend.class);

    private final HttpClientFactory http;
    private final SessionPool sessions;
    private final RequirementsPrefetch requirements;
    private final ChallengeStage challenges;
    private final ConversationStage conversation;
    private final LastContact contacts = new LastContact();

    public ChatGptBackend() {
        this(new ChatGptOptions());
    }

    public ChatGptBackend(ChatGptOptions options) {
        this.http = options.http;
        this.sessions = new SessionPool(new DeviceIdStore(options.deviceIdDir), options.clock, options.sessionMaxAge,
                options.locale);
        ProofOfWork pow = new ProofOfWork(options.powHash, ProofOfWork.MAX_ATTEMPTS, options.powTimeLimit);
        this.requirements = new RequirementsPrefetch(new RequirementsStage(pow, options.clock, options.zone), sessions,
                options.clock, options.prefetchMaxAge, options.prefetch);
        this.challenges = new ChallengeStage(options.challengeTokens);
        this.conversation = new ConversationStage(options.clock, options.zone);
    }

    @Override
    public String provider() {
        return ChatGptModels.PROVIDER;
    }

    /** The catalogue's models, with the status the last contact with this base URL showed (unchecked before any). */
    @Override
    public List<ModelInfo> models(Settings settings) {
        return contacts.apply(settings.string(SettingKey.CHATGPT_BASE_URL), ChatGptModels.list());
    }

    /** A slug of the catalogue (or an alias) is itself; any other bare id goes to chatgpt.com as is: the server decides. */
    @Override
    public ModelInfo route(String id, Settings settings) {
        ModelInfo known = ModelRouting.find(models(settings), id);
        return known != null ? known : new ModelInfo(id, "ChatGPT (" + id + ")", ChatGptModels.PROVIDER, List.of());
    }

    @Override
    public void contacted(Settings settings, BackendException failure) {
        contacts.record(settings.string(SettingKey.CHATGPT_BASE_URL), failure);
    }

    @Override
    public boolean worthRechecking(Settings settings) {
        return true;
    }

    /** Opens a new session (the home page GET): the cheapest real contact. */
    @Override
    public void refresh(Settings settings) {
        String place = settings.string(SettingKey.CHATGPT_BASE_URL);
        try {
            ChatGptEndpoint endpoint = ChatGptEndpoint.from(settings);
            HttpClient client = http.client(settings);
            SessionPool.Lease lease = sessions.acquire(endpoint, client, new CancelSignal());
            if (lease.reused()) {
                sessions.invalidate(lease.session());
                sessions.acquire(endpoint, client, new CancelSignal());
            }
            contacts.record(place, null);
        } catch (BackendException e) {
            contacts.record(place, e);
        }
    }

    @Override
    public BackendResult complete(BackendRequest request, DeltaSink sink, CancelSignal cancel) throws BackendException {
        ChatGptEndpoint endpoint = ChatGptEndpoint.from(request.settings());
        HttpClient client = http.client(request.settings());
        for (int attempt = 1; ; attempt++) {
            SessionPool.Lease lease = sessions.acquire(endpoint, client, cancel);
            try {
                return completeWith(lease.session(), request, client, sink, cancel);
            } catch (BackendException e) {
                if (cancel.isCancelled() || !refusesSession(e)) {
                    throw e;
                }
                sessions.invalidate(lease.session());
                if (attempt > 1 || !lease.reused()) {
                    throw e;
                }
                LOG.info("the reused chatgpt session was refused (HTTP " + e.httpStatus() + "); retrying with a new one");
            }
        }
    }

    private BackendResult completeWith(ChatGptSession session, BackendRequest request, HttpClient client,
                                       DeltaSink sink, CancelSignal cancel) throws BackendException {
        Requirements required = requirements.take(session, client, cancel);
        Map<String, String> challengeHeaders = challenges.headers(required);
        HttpResponse<InputStream> response = conversation.open(request, required, challengeHeaders, client, cancel);
        try {
            sink.accepted();
            ChatGptStreamDecoder.Outcome outcome = AnswerStream.read(response, session.endpoint(), sink, cancel);
            return new BackendResult(outcome.finishReason(), outcome.conversation(), null);
        } finally {
            // the token is spent: get the next one ready while this backend is idle
            if (!cancel.isCancelled()) {
                requirements.refill(session, client);
            }
        }
    }

    /** Whether prefetched requirements are waiting for the next request under {@code settings} (diagnostics, tests). */
    boolean requirementsReady(Settings settings) {
        return requirements.ready(ChatGptEndpoint.from(settings));
    }

    /** Whether a failure means the server no longer accepts the session (401, or a 403 that is not a rate limit). */
    static boolean refusesSession(BackendException e) {
        Integer status = e.httpStatus();
        return status != null && (status == 401 || status == 403) && e.type() != ErrorType.RATE_LIMITED;
    }

    @Override
    public void close() {
        requirements.close();
        sessions.clear();
    }
}
