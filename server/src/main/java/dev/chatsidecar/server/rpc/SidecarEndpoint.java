package dev.chatsidecar.server.rpc;

import com.google.gson.JsonElement;
import dev.chatsidecar.protocol.ChatCompleteResult;
import dev.chatsidecar.protocol.ChatModelsResult;
import dev.chatsidecar.protocol.ChatSidecarClient;
import dev.chatsidecar.protocol.ChatSidecarServer;
import dev.chatsidecar.protocol.InitializeResult;
import dev.chatsidecar.protocol.LogMessageParams;
import dev.chatsidecar.protocol.Methods;
import dev.chatsidecar.protocol.ProgressParams;
import dev.chatsidecar.server.log.Log;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.jsonrpc.Endpoint;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.json.JsonRpcMethod;

/**
 * Routes incoming requests and notifications to {@link ChatSidecarServer} by method name, without
 * reflection. LSP4J's {@code ServiceEndpoints}/{@code GenericEndpoint} find the same routes by reading
 * the {@code @JsonRequest}/{@code @JsonNotification} annotations, which makes the JVM generate a proxy
 * class per annotation type and parse generic signatures: about a sixth of the sidecar's start-up.
 * The annotations on the protocol interfaces stay the single source of truth; a test checks that
 * {@link #supportedMethods()} and the routes here match what LSP4J reads from them.
 *
 * <p>An unknown request gets -32601, also an unknown {@code $/} one (as LSP asks); an unknown
 * notification is logged and dropped.
 */
public final class SidecarEndpoint implements Endpoint {
    private static final Log LOG = Log.get(SidecarEndpoint.class);

    private final ChatSidecarServer service;

    public SidecarEndpoint(ChatSidecarServer service) {
        this.service = service;
    }

    /** The methods of {@link ChatSidecarClient} and {@link ChatSidecarServer}, for LSP4J's message parser. */
    public static Map<String, JsonRpcMethod> supportedMethods() {
        Map<String, JsonRpcMethod> methods = new LinkedHashMap<>();
        add(methods, JsonRpcMethod.notification(Methods.PROGRESS, ProgressParams.class));
        add(methods, JsonRpcMethod.notification(Methods.LOG_MESSAGE, LogMessageParams.class));
        add(methods, JsonRpcMethod.notification(Methods.MODELS_CHANGED, com.google.gson.JsonObject.class));
        add(methods, JsonRpcMethod.request(Methods.INITIALIZE, InitializeResult.class, JsonElement.class));
        add(methods, JsonRpcMethod.notification(Methods.INITIALIZED, JsonElement.class));
        add(methods, JsonRpcMethod.request(Methods.SHUTDOWN, Object.class));
        add(methods, JsonRpcMethod.notification(Methods.EXIT));
        add(methods, JsonRpcMethod.request(Methods.CHAT_MODELS, ChatModelsResult.class, JsonElement.class));
        add(methods, JsonRpcMethod.request(Methods.CHAT_COMPLETE, ChatCompleteResult.class, JsonElement.class));
        add(methods, JsonRpcMethod.notification(Methods.WORK_DONE_PROGRESS_CANCEL, JsonElement.class));
        add(methods, JsonRpcMethod.notification(Methods.DID_CHANGE_CONFIGURATION, JsonElement.class));
        return methods;
    }

    private static void add(Map<String, JsonRpcMethod> methods, JsonRpcMethod method) {
        methods.put(method.getMethodName(), method);
    }

    @Override
    public CompletableFuture<?> request(String method, Object parameter) {
        JsonElement params = parameter instanceof JsonElement json ? json : null;
        switch (method) {
            case Methods.INITIALIZE:
                return service.initialize(params);
            case Methods.SHUTDOWN:
                return service.shutdown();
            case Methods.CHAT_MODELS:
                return service.models(params);
            case Methods.CHAT_COMPLETE:
                return service.complete(params);
            default:
                LOG.warn("Unsupported request method: " + method);
                return CompletableFuture.failedFuture(new ResponseErrorException(ErrorResponses.methodNotFound(method)));
        }
    }

    @Override
    public void notify(String method, Object parameter) {
        JsonElement params = parameter instanceof JsonElement json ? json : null;
        switch (method) {
            case Methods.INITIALIZED -> service.initialized(params);
            case Methods.EXIT -> service.exit();
            case Methods.WORK_DONE_PROGRESS_CANCEL -> service.cancelProgress(params);
            case Methods.DID_CHANGE_CONFIGURATION -> service.didChangeConfiguration(params);
            default -> {
                if (method.startsWith("$/")) {
                    LOG.debug("Unsupported notification method: " + method);
                } else {
                    LOG.warn("Unsupported notification method: " + method);
                }
            }
        }
    }
}
