package dev.chatsidecar.server.acp;

import com.google.gson.JsonElement;
import dev.chatsidecar.server.log.Log;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.jsonrpc.Endpoint;
import org.eclipse.lsp4j.jsonrpc.json.JsonRpcMethod;

/**
 * Routes ACP requests and notifications to {@link AcpService} by method name (a table, like
 * {@code rpc.SidecarEndpoint}, rather than LSP4J's annotation reflection). Params reach the service
 * as raw JSON so that it can name the member that is wrong. Unknown requests get -32601 (with the
 * contract's {@code data}); unknown notifications are logged and dropped.
 */
final class AcpEndpoint implements Endpoint {
    static final String INITIALIZE = "initialize";
    static final String SESSION_NEW = "session/new";
    static final String SESSION_PROMPT = "session/prompt";
    static final String SESSION_CANCEL = "session/cancel";
    static final String SESSION_SET_CONFIG_OPTION = "session/set_config_option";
    static final String SESSION_CLOSE = "session/close";
    static final String SESSION_UPDATE = "session/update";

    private static final Log LOG = Log.get(AcpEndpoint.class);

    private final AcpService service;

    AcpEndpoint(AcpService service) {
        this.service = service;
    }

    /** The methods of both directions, for LSP4J's message parser (params stay raw JSON). */
    static Map<String, JsonRpcMethod> supportedMethods() {
        Map<String, JsonRpcMethod> methods = new LinkedHashMap<>();
        for (String request : new String[] {INITIALIZE, SESSION_NEW, SESSION_PROMPT, SESSION_SET_CONFIG_OPTION,
                SESSION_CLOSE}) {
            methods.put(request, JsonRpcMethod.request(request, Object.class, JsonElement.class));
        }
        methods.put(SESSION_CANCEL, JsonRpcMethod.notification(SESSION_CANCEL, JsonElement.class));
        methods.put(SESSION_UPDATE, JsonRpcMethod.notification(SESSION_UPDATE, JsonElement.class));
        return methods;
    }

    @Override
    public CompletableFuture<?> request(String method, Object parameter) {
        JsonElement params = parameter instanceof JsonElement json ? json : null;
        switch (method) {
            case INITIALIZE:
                return service.initialize(params);
            case SESSION_NEW:
                return service.newSession(params);
            case SESSION_PROMPT:
                return service.prompt(params);
            case SESSION_SET_CONFIG_OPTION:
                return service.setConfigOption(params);
            case SESSION_CLOSE:
                return service.close(params);
            default:
                String message = "Method not found: " + method + " (this agent supports initialize, session/new, "
                        + "session/prompt, session/cancel, session/set_config_option and session/close)";
                LOG.info(message);
                return AcpErrors.failed(AcpErrors.methodNotFound(message));
        }
    }

    @Override
    public void notify(String method, Object parameter) {
        if (SESSION_CANCEL.equals(method)) {
            service.cancel(parameter instanceof JsonElement json ? json : null);
        } else {
            LOG.debug("notification " + method + " ignored");
        }
    }
}
