package dev.chatsidecar.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.upstream.CancelSignal;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;

/** The shared event-stream response on its own: end marker, cut events, errors, cancel, deadline. */
class EventStreamResponseTest {

    /** Records events; {@code [DONE]} ends the stream; data that is not {@code ok…} is a protocol error. */
    private static class Recorder implements EventStreamResponse.Decoder {
        final List<String> data = new ArrayList<>();

        @Override
        public boolean accept(SseEvent event) throws BackendException {
            if (event.data().equals("[DONE]")) {
                return true;
            }
            if (!event.data().startsWith("ok")) {
                throw new BackendException(ErrorType.PROTOCOL_ERROR, "not ok: " + event.data(), "h", false);
            }
            data.add(event.data());
            return false;
        }

        @Override
        public BackendException cutOff() {
            return new BackendException(ErrorType.UPSTREAM_ERROR, "cut", "h", true);
        }
    }

    private static EventStreamResponse response(InputStream body, String... headers) {
        return new EventStreamResponse(new Response(PumpedBody.of(body), HttpHeaders.of(headerMap(headers), (a, b) -> true)), "test");
    }

    private static Map<String, List<String>> headerMap(String... pairs) {
        Map<String, List<String>> map = new java.util.HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], List.of(pairs[i + 1]));
        }
        return map;
    }

    private static InputStream text(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsUntilTheDecoderSaysTheStreamIsOver() throws Exception {
        Recorder decoder = new Recorder();
        response(text("data: ok1\n\ndata: [DONE]\n\ndata: not read\n\n"), "content-type", "text/event-stream")
                .read(decoder, 5000, 0, new CancelSignal());
        assertEquals(List.of("ok1"), decoder.data);
    }

    @Test
    void anEventCutByTheEndOfTheInputThatDoesNotParseIsACut() {
        Recorder decoder = new Recorder();
        BackendException e = assertThrows(BackendException.class, () -> response(text("data: ok1\n\ndata: brok"))
                .read(decoder, 5000, 0, new CancelSignal()));
        assertEquals("cut", e.getMessage());
        BackendException whole = assertThrows(BackendException.class, () -> response(text("data: bad\n\ndata: ok\n\n"))
                .read(new Recorder(), 5000, 0, new CancelSignal()));
        assertEquals(ErrorType.PROTOCOL_ERROR, whole.type(), "a whole bad event is the decoder's error");
    }

    @Test
    void aCancelDuringTheReadClosesTheStreamAndSaysCancelled() throws Exception {
        PipedOutputStream upstream = new PipedOutputStream();
        PipedInputStream body = new PipedInputStream(upstream);
        CancelSignal cancel = new CancelSignal();
        Recorder decoder = new Recorder() {
            @Override
            public boolean accept(SseEvent event) throws BackendException {
                boolean over = super.accept(event);
                cancel.cancel(); // the user cancels after the first piece
                return over;
            }
        };
        upstream.write("data: ok1\n\n".getBytes(StandardCharsets.UTF_8));
        upstream.flush();
        BackendException e = assertThrows(BackendException.class,
                () -> response(body).read(decoder, 5000, 0, cancel));
        assertEquals(ErrorType.CANCELLED, e.type());
        assertEquals(List.of("ok1"), decoder.data);
    }

    @Test
    void theAnswerDeadlineEndsAStreamThatIsNeverIdle() throws Exception {
        PipedOutputStream upstream = new PipedOutputStream();
        PipedInputStream body = new PipedInputStream(upstream);
        Thread trickle = new Thread(() -> {
            try {
                for (int i = 0; i < 200; i++) {
                    upstream.write(':');
                    upstream.flush();
                    Thread.sleep(20); // the pace of a trickling upstream, not synchronisation
                }
            } catch (Exception closed) {
                // the reader closed the pipe
            }
        });
        trickle.setDaemon(true);
        trickle.start();
        BackendException e = assertThrows(BackendException.class,
                () -> response(body).read(new Recorder(), 2000, 300, new CancelSignal()));
        assertEquals(ErrorType.UPSTREAM_ERROR, e.type());
        assertTrue(e.getMessage().contains("did not finish the answer within 0.3 s"), e.getMessage());
    }

    @Test
    void gzipThatIsNotGzipIsAProtocolError() {
        BackendException e = assertThrows(BackendException.class, () -> response(text("data: ok\n\n"),
                "content-encoding", "gzip").read(new Recorder(), 5000, 0, new CancelSignal()));
        assertEquals(ErrorType.PROTOCOL_ERROR, e.type());
    }

    @Test
    void errorBodiesAreBoundedAndDecoded() throws Exception {
        String big = "x".repeat(EventStreamResponse.MAX_ERROR_BODY + 1000);
        EventStreamResponse response = response(text(big), "content-type", "text/html");
        assertEquals(EventStreamResponse.MAX_ERROR_BODY, response.text(new CancelSignal()).length());
        assertEquals("text/html", response.contentType());
    }

    /** Just enough of an {@link HttpResponse} to carry a body and headers. */
    private record Response(StreamedBody body, HttpHeaders headers) implements HttpResponse<StreamedBody> {
        @Override
        public int statusCode() {
            return 200;
        }

        @Override
        public HttpRequest request() {
            return HttpRequest.newBuilder(URI.create("http://127.0.0.1/")).build();
        }

        @Override
        public Optional<HttpResponse<StreamedBody>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return URI.create("http://127.0.0.1/");
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
