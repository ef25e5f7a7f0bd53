package dev.chatsidecar.server.http;

import java.io.InputStream;
import java.util.Random;
import java.util.function.IntSupplier;

/** Serves bytes in chunks of chosen sizes, like a network that splits a stream anywhere. */
public final class ChunkedInputStream extends InputStream {
    private final byte[] data;
    private final IntSupplier chunkSize;
    private int pos;

    public ChunkedInputStream(byte[] data, IntSupplier chunkSize) {
        this.data = data;
        this.chunkSize = chunkSize;
    }

    /** Chunks of random sizes between 1 and {@code max} bytes. */
    public static ChunkedInputStream random(byte[] data, long seed, int max) {
        Random random = new Random(seed);
        return new ChunkedInputStream(data, () -> 1 + random.nextInt(max));
    }

    /** Two chunks: bytes before {@code split} and the rest. */
    public static ChunkedInputStream splitAt(byte[] data, int split) {
        int[] calls = {0};
        return new ChunkedInputStream(data, () -> calls[0]++ == 0 ? Math.max(1, split) : Integer.MAX_VALUE);
    }

    @Override
    public int read() {
        return pos < data.length ? data[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (pos >= data.length) {
            return -1;
        }
        int n = Math.min(Math.min(len, data.length - pos), Math.max(1, chunkSize.getAsInt()));
        System.arraycopy(data, pos, b, off, n);
        pos += n;
        return n;
    }
}
