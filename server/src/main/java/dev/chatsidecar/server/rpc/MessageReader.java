package dev.chatsidecar.server.rpc;

import dev.chatsidecar.server.log.Log;
import dev.chatsidecar.server.rpc.framing.Framing;
import dev.chatsidecar.server.rpc.framing.InboundFrame;
import java.io.IOException;
import org.eclipse.lsp4j.jsonrpc.MessageConsumer;
import org.eclipse.lsp4j.jsonrpc.MessageProducer;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.Message;
import org.eclipse.lsp4j.jsonrpc.messages.RequestMessage;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;

/**
 * Reads messages through a {@link Framing}, parses each body once ({@link MessageParser}), admits
 * requests ({@link RequestsInFlight}) and hands the rest to the consumer. Whatever is wrong with a
 * message is answered here with the standard JSON-RPC error and reading goes on; a message that
 * finds no memory is answered {@code overloaded} on its own id. Nothing a client sends, not even an
 * {@link OutOfMemoryError}, ends this loop before the end of input.
 */
public final class MessageReader implements MessageProducer {
    private static final Log LOG = Log.get(MessageReader.class);

    private final Framing framing;
    private final RequestsInFlight inFlight;
    private final OutboundWriter writer;

    public MessageReader(Framing framing, RequestsInFlight inFlight, OutboundWriter writer) {
        this.framing = framing;
        this.inFlight = inFlight;
        this.writer = writer;
    }

    /** Reads until the end of input, then returns. */
    @Override
    public void listen(MessageConsumer consumer) {
        try {
            InboundFrame frame;
            while ((frame = readSafely()) != null) {
                if (frame.problem() != null) {
                    answerProblem(frame.problem());
                } else {
                    handleSafely(frame.body(), consumer);
                }
            }
        } catch (IOException e) {
            LOG.debug("input closed: " + e.getMessage());
        }
    }

    /** The next frame; a framing that ran out of memory has dropped the message and is answered for it. */
    private InboundFrame readSafely() throws IOException {
        try {
            return framing.read();
        } catch (OutOfMemoryError e) {
            return InboundFrame.refused(InboundFrame.Kind.OVERLOADED, "The sidecar ran short of memory for a message.");
        }
    }

    /** Stops reading by closing the input. */
    public void close() {
        framing.close();
    }

    private void answerProblem(InboundFrame.Problem problem) {
        LOG.warn("refused a message: " + problem.message());
        writer.consume(ErrorResponses.response(null, switch (problem.kind()) {
            case PARSE_ERROR -> ErrorResponses.parseError(problem.message());
            case TOO_LARGE -> ErrorResponses.invalidRequest(problem.message());
            case OVERLOADED -> ErrorResponses.overloaded(problem.message());
        }));
    }

    private void handleSafely(byte[] body, MessageConsumer consumer) {
        Either<String, Number> id = null;
        boolean admitted = false;
        try {
            MessageParser.Parsed parsed = MessageParser.parse(body);
            id = parsed.id();
            if (parsed.error() != null) {
                writer.consume(ErrorResponses.response(parsed.id(), parsed.error()));
                return;
            }
            Message message = parsed.message();
            if (message instanceof RequestMessage request) {
                ResponseError refusal = inFlight.admit(request.getId(), body.length);
                if (refusal != null) {
                    writer.consume(ErrorResponses.response(id, refusal));
                    return;
                }
                admitted = true;
            }
            if (message != null) {
                consumer.consume(message);
            }
        } catch (OutOfMemoryError e) {
            answer(id != null ? id : MessageParser.scanId(body), admitted,
                    ErrorResponses.overloaded("The sidecar ran short of memory for this request."));
            LOG.error("out of memory while handling a message; answered it as overloaded");
        } catch (RuntimeException e) {
            LOG.error("unexpected failure while handling a message", e);
            answer(id, admitted, ErrorResponses.internal(e));
        }
    }

    /** Answers a request that failed here; an admitted one leaves the requests in flight with it. */
    private void answer(Either<String, Number> id, boolean admitted, ResponseError error) {
        if (id == null) {
            return;
        }
        if (admitted) {
            inFlight.consume(ErrorResponses.response(id, error));
        } else {
            writer.consume(ErrorResponses.response(id, error));
        }
    }
}
