package dev.chatsidecar.server.rpc.framing;

import java.io.IOException;
import java.io.InputStream;

/** What both framings share: the input they read and the largest body they hand out. */
abstract class InputFraming implements Framing {
    protected final InputStream in;
    protected final int maxBodyBytes;

    InputFraming(InputStream in, int maxBodyBytes) {
        this.in = in;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing left to read either way
        }
    }
}
