package dev.chatsidecar.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.chatsidecar.protocol.ChatSidecarClient;
import dev.chatsidecar.protocol.ChatSidecarServer;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.json.JsonRpcMethod;
import org.eclipse.lsp4j.jsonrpc.services.JsonNotification;
import org.eclipse.lsp4j.jsonrpc.services.JsonRequest;
import org.eclipse.lsp4j.jsonrpc.services.ServiceEndpoints;
import org.junit.jupiter.api.Test;

/** The reflection-free routes must stay exactly what LSP4J reads from the protocol annotations. */
class SidecarEndpointTest {

    @Test
    void methodTableEqualsWhatLsp4jReadsFromTheAnnotations() {
        Map<String, JsonRpcMethod> expected = new LinkedHashMap<>();
        expected.putAll(ServiceEndpoints.getSupportedMethods(ChatSidecarClient.class));
        expected.putAll(ServiceEndpoints.getSupportedMethods(ChatSidecarServer.class));
        Map<String, JsonRpcMethod> actual = SidecarEndpoint.supportedMethods();
        assertEquals(expected.keySet(), actual.keySet());
        for (String name : expected.keySet()) {
            JsonRpcMethod want = expected.get(name);
            JsonRpcMethod got = actual.get(name);
            assertEquals(want.isNotification(), got.isNotification(), name);
            assertEquals(List.of(want.getParameterTypes()), List.of(got.getParameterTypes()), name);
            if (!want.isNotification()) {
                assertEquals(want.getReturnType().getTypeName(), got.getReturnType().getTypeName(), name);
            }
        }
    }

    @Test
    void everyAnnotatedServerMethodIsRoutedToItsJavaMethodWithTheParams() throws Exception {
        List<String> calls = new ArrayList<>();
        List<Object> arguments = new ArrayList<>();
        CompletableFuture<Object> answer = CompletableFuture.completedFuture("answer");
        ChatSidecarServer recorder = (ChatSidecarServer) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ChatSidecarServer.class}, (proxy, method, args) -> {
                    calls.add(method.getName());
                    arguments.add(args == null ? null : args[0]);
                    return method.getReturnType() == void.class ? null : answer;
                });
        SidecarEndpoint endpoint = new SidecarEndpoint(recorder);
        JsonObject params = new JsonObject();
        params.addProperty("probe", 1);
        for (Method method : ChatSidecarServer.class.getMethods()) {
            calls.clear();
            arguments.clear();
            JsonRequest request = method.getAnnotation(JsonRequest.class);
            JsonNotification notification = method.getAnnotation(JsonNotification.class);
            Object sent = method.getParameterCount() == 0 ? null : params;
            if (request != null) {
                assertSame(answer, endpoint.request(request.value(), sent), request.value());
            } else {
                endpoint.notify(notification.value(), sent);
            }
            assertEquals(List.of(method.getName()), calls, "route of " + method.getName());
            assertSame(sent, arguments.get(0));
        }
    }

    @Test
    void unknownRequestsFailWithMethodNotFoundAlsoDollarOnes() throws Exception {
        SidecarEndpoint endpoint = new SidecarEndpoint(null);
        for (String method : List.of("chat/nonsense", "$/optional")) {
            ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> endpoint.request(method, null).get(1, TimeUnit.SECONDS));
            ResponseErrorException error = (ResponseErrorException) failure.getCause();
            assertEquals(-32601, error.getResponseError().getCode());
            assertTrue(error.getResponseError().getMessage().contains(method));
            assertTrue(error.getResponseError().getData() instanceof dev.chatsidecar.protocol.ErrorData, method);
        }
    }

    @Test
    void unknownNotificationIsDropped() {
        SidecarEndpoint endpoint = new SidecarEndpoint(null);
        endpoint.notify("$/setTrace", (JsonElement) null);
        endpoint.notify("chat/nonsense", new JsonObject());
    }
}
