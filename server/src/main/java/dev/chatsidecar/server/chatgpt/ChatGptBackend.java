package dev.chatsidecar.server.chatgpt;

import dev.chatsidecar.protocol.ConversationRef;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.protocol.ModelInfo;
import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.backend.BackendRequest;
import dev.chatsidecar.server.backend.BackendResult;
import dev.chatsidecar.server.upstream.CancelSignal;
import dev.chatsidecar.server.backend.ChatBackend;
import dev.chatsidecar.server.backend.DeltaSink;
import dev.chatsidecar.server.backend.LastContact;
import dev.chatsidecar.server.backend.ModelRouting;
import dev.chatsidecar.server.http.EventStreamResponse;
import dev.chatsidecar.server.http.HttpClientFactory;
import dev.chatsidecar.server.log.Log;
import dev.chatsidecar.server.settings.SettingKey;
import dev.chatsidecar.server.settings.Settings;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The chatgpt.com web backend (anonymous flow). Each request runs the stages in order:
 * session ({@link SessionPool}) → sentinel, challenges and proof of work ({@link RequirementsStage},
 * {@link ChallengeStage}; usually prefetched) → conduit ({@link ConduitStage}; usually prefetched) →
 * conversation ({@link ConversationStage}) → stream decoding ({@link EventStreamResponse},
 * {@link ChatGptStreamDecoder}). Newest API forms first, 2024 forms on 404, remembered per session.
 * A session that a call refuses (401/403) is dropped; if it had been reused, the request is tried
 * once more with a new one. Thread-safe.
 */
public final class ChatGptBackend implements ChatBackend {
    private static final Log LOG = Log.get(ChatGptBackend.class);

    private final HttpClientFactory http;
    private final Clock clock;
    private final Duration prefetchMaxAge;
    private final SessionPool sessions;
    private final RequirementsStage sentinel;
    private final ConduitStage conduitStage;
    private final Prefetcher<Requirements> requirements;
    private final Prefetcher<ConduitStage.Conduit> conduits;
    private final ConversationStage conversation;
    private final LastContact contacts = new LastContact();

    public ChatGptBackend() {
        this(new ChatGptOptions());
    }

    public ChatGptBackend(ChatGptOptions options) {
        this.http = options.http;
        this.clock = options.clock;
        this.prefetchMaxAge = options.prefetchMaxAge;
        this.sessions = new SessionPool(new DeviceIdStore(options.deviceIdDir), options.clock, options.sessionMaxAge,
                options.locale);
        this.sentinel = new RequirementsStage(new PowSettings(options.powHash, options.powTimeLimit),
                new ChallengeStage(options.challengeTokens), options.clock, options.zone);
        this.conduitStage = new ConduitStage(options.clock, options.zone);
        this.requirements = new Prefetcher<>("requirements", sessions, options.prefetch);
        this.conduits = new Prefetcher<>("conduit", sessions, options.prefetch);
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
        if (PowHash.named(endpoint.powHash()) == null) {
            throw new BackendException(ErrorType.INVALID_REQUEST,
                    "Setting " + SettingKey.CHATGPT_POW_HASH.key() + " must be sha3 or fnv, got \""
                            + endpoint.powHash() + "\".", "Set chatgpt.powHash to sha3 (default) or fnv.", false);
        }
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
        long maxAge = prefetchMaxAge.toMillis();
        Requirements required = requirements.take(session.endpoint().sessionKey(), session, client, cancel,
                r -> r.usableAt(clock.millis(), maxAge), sentinel::fetch);
        EventStreamResponse response = conversation.open(request, required, (s, turn, c) -> conduits.take(
                turn.slot(s), s, client, c, conduit -> clock.millis() - conduit.fetchedMillis() < maxAge,
                (s2, client2, c2) -> conduitStage.prepare(s2, turn, client2, c2)), client, cancel);
        ConversationRef next = null;
        try {
            sink.accepted();
            ChatGptStreamDecoder decoder = new ChatGptStreamDecoder(session.endpoint().service(), sink::delta,
                    sink::reasoning);
            ChatGptEndpoint endpoint = session.endpoint();
            response.read(decoder, endpoint.idleTimeoutMs(), endpoint.answerTimeoutMs(), cancel);
            ChatGptStreamDecoder.Outcome outcome = decoder.finish();
            next = outcome.conversation();
            return new BackendResult(outcome.finishReason(), outcome.conversation(), null);
        } finally {
            // the tokens are spent: get the next ones ready while this backend is idle
            if (!cancel.isCancelled()) {
                refill(session, client, request, next);
            }
        }
    }

    /**
     * Prefetches the next sentinel token and, on the {@code f/} path, the conduits of the two likely
     * next turns: the follow-up of this answer, and a new chat with the same model (kept while unused).
     * Conduits of other turns are dropped.
     */
    private void refill(ChatGptSession session, HttpClient client, BackendRequest request, ConversationRef next) {
        requirements.refill(session.endpoint().sessionKey(), session, client, sentinel::fetch);
        if (session.legacyConversation()) {
            return;
        }
        String newChat = ConduitStage.Turn.newChat(request.model()).slot(session);
        conduits.discard(ConduitStage.Turn.slotPrefix(session), newChat);
        if (next != null) {
            prefetchConduit(session, client, new ConduitStage.Turn(request.model(), next.id, next.parentMessageId));
        }
        if (!conduits.holds(newChat)) {
            prefetchConduit(session, client, ConduitStage.Turn.newChat(request.model()));
        }
    }

    private void prefetchConduit(ChatGptSession session, HttpClient client, ConduitStage.Turn turn) {
        conduits.refill(turn.slot(session), session, client, (s, c, cancel) -> conduitStage.prepare(s, turn, c, cancel));
    }

    /** Whether prefetched requirements are waiting for the next request under {@code settings} (diagnostics, tests). */
    boolean requirementsReady(Settings settings) {
        return requirements.ready(ChatGptEndpoint.from(settings).sessionKey());
    }

    /** Whether the sentinel token and every conduit prefetched for the session under {@code settings} have arrived (tests). */
    boolean prefetchSettled(Settings settings) {
        return requirementsReady(settings)
                && conduits.settled(ConduitStage.Turn.slotPrefix(ChatGptEndpoint.from(settings)));
    }

    /** Whether a failure means the server no longer accepts the session (401, or a 403 that is not a rate limit). */
    static boolean refusesSession(BackendException e) {
        Integer status = e.httpStatus();
        return status != null && (status == 401 || status == 403) && e.type() != ErrorType.RATE_LIMITED
                && e.type() != ErrorType.CHALLENGE_REQUIRED;
    }

    @Override
    public void close() {
        requirements.close();
        conduits.close();
        sessions.clear();
    }
}
