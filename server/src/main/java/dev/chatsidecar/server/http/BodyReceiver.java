package dev.chatsidecar.server.http;

import dev.chatsidecar.server.upstream.BackendException;
import java.io.IOException;

/**
 * Takes a response body as its bytes arrive, on the thread that delivers them ({@link StreamedBody}).
 * Calls are never concurrent; the bytes are only valid during the call.
 */
interface BodyReceiver {
    /**
     * The next bytes of the body.
     *
     * @return {@code true} to stop: the rest of the body is not wanted
     */
    boolean bytes(byte[] bytes, int offset, int length) throws IOException, BackendException;

    /** The body ended normally (not called after a stop or a failure). */
    void end() throws IOException, BackendException;
}
