package dev.chatsidecar.bench.jmh;

import com.google.gson.JsonPrimitive;
import dev.chatsidecar.protocol.ChatSidecarClient;
import dev.chatsidecar.protocol.ChatSidecarServer;
import dev.chatsidecar.server.chatgpt.ChatGptStreamDecoder;
import dev.chatsidecar.server.http.SseEvent;
import dev.chatsidecar.server.http.SseReader;
import dev.chatsidecar.server.rpc.OutboundWriter;
import dev.chatsidecar.server.upstream.BackendException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.jsonrpc.json.JsonRpcMethod;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.services.ServiceEndpoints;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * The sidecar's own per-delta path without the network: SSE bytes → {@link SseReader} →
 * {@link ChatGptStreamDecoder} → {@code $/progress} report → frame written by {@link OutboundWriter}.
 * {@code oneByOne} waits for each delta's frame before reading the next event (deltas arriving spaced
 * out, as tokens do: every delta pays the hand-off to the writer thread); {@code burst} reads the
 * whole stream and then waits (the writer coalesces what piles up). The time is per piece.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PipelineBenchmark {
    static final int PIECES = 500;

    @Param({"oneByOne", "burst"})
    public String arrival;

    private byte[] stream;
    private FlushCountingStream stdout;
    private OutboundWriter writer;
    private int streams;

    @Setup(Level.Trial)
    public void setUp() {
        stream = V1Stream.bytes(PIECES, "\n");
        Map<String, JsonRpcMethod> methods = new LinkedHashMap<>();
        methods.putAll(ServiceEndpoints.getSupportedMethods(ChatSidecarClient.class));
        methods.putAll(ServiceEndpoints.getSupportedMethods(ChatSidecarServer.class));
        stdout = new FlushCountingStream();
        writer = new OutboundWriter(stdout, new MessageJsonHandler(methods));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        writer.close();
    }

    @Benchmark
    @OperationsPerInvocation(PIECES)
    public long piece() throws IOException, BackendException {
        OutboundWriter.ProgressChannel progress = writer.openProgress(new JsonPrimitive(++streams));
        progress.begin("auto");
        boolean oneByOne = arrival.equals("oneByOne");
        ChatGptStreamDecoder decoder = new ChatGptStreamDecoder("bench", delta -> {
            long seen = stdout.flushes();
            progress.report(delta);
            if (oneByOne) {
                stdout.awaitFlushAfter(seen);
            }
        });
        try (SseReader reader = new SseReader(new ByteArrayInputStream(stream))) {
            SseEvent event;
            while ((event = reader.next()) != null) {
                if (decoder.accept(event)) {
                    break;
                }
            }
        }
        decoder.finish();
        progress.end("stop");
        writer.flush(10_000);
        return stdout.bytes();
    }
}
