package dev.chatsidecar.bench.jmh;

import dev.chatsidecar.server.chatgpt.ChatGptStreamDecoder;
import dev.chatsidecar.server.http.SseEvent;
import dev.chatsidecar.server.http.SseReader;
import dev.chatsidecar.server.upstream.BackendException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link ChatGptStreamDecoder}: the events of a "v1" answer of 1000 pieces → answer deltas; the time
 * is per piece (the few framing events of the stream are included in the total).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StreamDecoderBenchmark {
    static final int PIECES = 1000;

    private List<SseEvent> events;
    private int deltas;

    @Setup(Level.Trial)
    public void setUp() throws IOException, BackendException {
        events = new ArrayList<>();
        try (SseReader reader = new SseReader(new ByteArrayInputStream(V1Stream.bytes(PIECES, "\n")))) {
            SseEvent event;
            while ((event = reader.next()) != null) {
                events.add(event);
            }
        }
        String text = decodeAll().text();
        if (!text.equals(V1Stream.answer(PIECES))) {
            throw new IllegalStateException("decoded text differs from the answer");
        }
    }

    @Benchmark
    @OperationsPerInvocation(PIECES)
    public int decodePiece() throws BackendException {
        return decodeAll().text().length() + deltas;
    }

    private ChatGptStreamDecoder decodeAll() throws BackendException {
        ChatGptStreamDecoder decoder = new ChatGptStreamDecoder("bench", delta -> deltas++);
        for (SseEvent event : events) {
            if (decoder.accept(event)) {
                break;
            }
        }
        decoder.finish();
        return decoder;
    }
}
