package dev.chatsidecar.server.rpc.framing;

import java.io.IOException;
import java.io.OutputStream;

/**
 * How JSON-RPC messages are cut out of the input stream and put onto the output stream. One
 * instance reads one input; {@link #read()} is called by one thread only, {@link #write} by one
 * writer at a time. Implementations never hold more than {@link #maxBodyBytes()} of one message,
 * and they answer what is wrong with the bytes as an {@link InboundFrame} with a problem rather than
 * an exception, so the reader can reply and go on.
 */
public interface Framing {
    /** The largest message body accepted by default, in bytes (4 MiB). */
    int DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

    /**
     * The next message body, or a framing problem to answer; {@code null} at the end of input.
     *
     * @throws IOException when reading fails (the input is gone)
     */
    InboundFrame read() throws IOException;

    /** Writes one message body (UTF-8 JSON) as a frame; the caller flushes. */
    void write(OutputStream out, byte[] body) throws IOException;

    /** The largest body {@link #read()} hands out. */
    int maxBodyBytes();

    /** Closes the input, which ends a blocked {@link #read()}. */
    void close();
}
