package dev.chatsidecar.server.http;

import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.upstream.CancelSignal;
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
 *
 * <p>Why only until the headers: once they are in, the JDK may read a short body to its end and put
 * the connection back into its pool <em>before</em> the future completes; cancelling the future then
 * closes a pooled connection that another request may already be using (seen under load: requests
 * failing with "header parser received no bytes" caused by another request's cancel). So a
 * {@link HeadersGate} orders the two: an abort either runs before the headers are handed over (and
 * the body waits for it), or not at all, and then the caller closes the body instead.
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
        HeadersGate gate = new HeadersGate();
        CompletableFuture<HttpResponse<T>> future = client.sendAsync(request, gate.wrap(handler));
        HttpResponse<T> response;
        try (CancelSignal.Registration ignored = cancel.onCancel(() -> gate.abortUnlessAnswered(() -> future.cancel(true)))) {
            response = future.get();
        } catch (CancellationException e) {
            throw BackendException.cancelled();
        } catch (InterruptedException e) {
            gate.abortUnlessAnswered(() -> future.cancel(true));
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
            // cancelled once the headers were in: do not leave the body open
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
