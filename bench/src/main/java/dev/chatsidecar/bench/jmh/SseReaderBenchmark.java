package dev.chatsidecar.bench.jmh;

import dev.chatsidecar.server.http.SseEvent;
import dev.chatsidecar.server.http.SseReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** {@link SseReader}: bytes of a "v1" answer stream → events; the time is per event. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SseReaderBenchmark {
    static final int PIECES = 1000;

    /** Line endings: LF as most servers send, CRLF as the real captures have. */
    @Param({"LF", "CRLF"})
    public String newline;

    private byte[] stream;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        stream = V1Stream.bytes(PIECES, newline.equals("LF") ? "\n" : "\r\n");
        int events = readAll();
        if (events != V1Stream.events(PIECES)) {
            throw new IllegalStateException("read " + events + " events");
        }
    }

    @Benchmark
    @OperationsPerInvocation(PIECES + 6)
    public int readEvent() throws IOException {
        return readAll();
    }

    private int readAll() throws IOException {
        int events = 0;
        try (SseReader reader = new SseReader(new ByteArrayInputStream(stream))) {
            SseEvent event;
            while ((event = reader.next()) != null) {
                events += event.data().length() > 0 ? 1 : 0;
            }
        }
        return events;
    }
}
