package dev.chatsidecar.bench.jmh;

import java.io.OutputStream;

/**
 * Stands in for stdout in the writer benchmarks: discards bytes, counts them, and counts flushes so a
 * benchmark can wait until the writer thread has actually written what it was given (the writer
 * flushes whenever its queue runs empty).
 */
final class FlushCountingStream extends OutputStream {
    private volatile long flushes;
    private long bytes;

    @Override
    public void write(int b) {
        bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        bytes += len;
    }

    @Override
    public void flush() {
        flushes++; // only the writer thread flushes
    }

    long flushes() {
        return flushes;
    }

    /** Spins until a flush after {@code seen} happened; the writer thread runs on another core. */
    void awaitFlushAfter(long seen) {
        while (flushes == seen) {
            Thread.onSpinWait();
        }
    }

    long bytes() {
        return bytes;
    }
}
