package dev.chatsidecar.server.http;

import dev.chatsidecar.server.backend.BackendException;
import dev.chatsidecar.server.backend.CancelSignal;
import java.io.Closeable;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Sends a request so that a {@link CancelSignal} aborts it at once: until the response headers
 * arrive, cancelling cancels the {@code sendAsync} future (the JDK then aborts the exchange and its
 * connection). Reading the body is the caller's job: register closing the body stream on the signal.
 */
public final class CancellableSend {
    private CancellableSend() {
    }

    /**
     * Sends and waits for the response headers.
     *
     * @param service how error messages name the upstream
     * @throws BackendException {@code cancelled} when the signal fired; a {@link TransportErrors}
     *                          type when the exchange failed
     */
    @SuppressWarnings("try") // the registration is held for its scope only
    public static <T> HttpResponse<T> send(HttpClient client, HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                           CancelSignal cancel, String service) throws BackendException {
        cancel.throwIfCancelled();
        CompletableFuture<HttpResponse<T>> future = client.sendAsync(request, handler);
        HttpResponse<T> response;
        try (CancelSignal.Registration ignored = cancel.onCancel(() -> future.cancel(true))) {
            response = future.get();
        } catch (CancellationException e) {
            throw BackendException.cancelled();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw BackendException.cancelled();
        } catch (ExecutionException e) {
            if (cancel.isCancelled()) {
                throw BackendException.cancelled();
            }
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw TransportErrors.beforeResponse(service, request.uri(), io);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("unexpected failure of an HTTP exchange", cause);
        }
        if (cancel.isCancelled()) {
            // cancelled in the instant the headers arrived: do not leave the body open
            if (response.body() instanceof Closeable body) {
                try {
                    body.close();
                } catch (IOException ignored) {
                    // closing is all that was wanted
                }
            }
            throw BackendException.cancelled();
        }
        return response;
    }
}
