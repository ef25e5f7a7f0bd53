package dev.chatsidecar.bench.jmh;

import com.google.gson.JsonPrimitive;
import dev.chatsidecar.protocol.ChatCompleteResult;
import dev.chatsidecar.protocol.ChatSidecarClient;
import dev.chatsidecar.protocol.ChatSidecarServer;
import dev.chatsidecar.protocol.ConversationRef;
import dev.chatsidecar.server.rpc.OutboundWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.jsonrpc.json.JsonRpcMethod;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseMessage;
import org.eclipse.lsp4j.jsonrpc.services.ServiceEndpoints;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The frame writer, measured as the sidecar uses it: a request thread hands a delta (or a response) to
 * {@link OutboundWriter}, whose own thread serialises it to a {@code Content-Length} frame and writes it.
 * Each operation waits until the frame is written, so the time covers the hand-off between threads,
 * the JSON serialisation and the framing — the writer's share of the per-delta cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class OutboundWriterBenchmark {
    /** Delta length in characters: a typical token (8) and a coalesced burst (200). */
    @Param({"8", "200"})
    public int deltaChars;

    private FlushCountingStream stdout;
    private OutboundWriter writer;
    private OutboundWriter.ProgressChannel progress;
    private String delta;
    private ResponseMessage response;

    @Setup(Level.Trial)
    public void setUp() {
        Map<String, JsonRpcMethod> methods = new LinkedHashMap<>();
        methods.putAll(ServiceEndpoints.getSupportedMethods(ChatSidecarClient.class));
        methods.putAll(ServiceEndpoints.getSupportedMethods(ChatSidecarServer.class));
        stdout = new FlushCountingStream();
        writer = new OutboundWriter(stdout, new MessageJsonHandler(methods));
        progress = writer.openProgress(new JsonPrimitive("bench-token"));
        progress.begin("auto");
        writer.flush(1000);
        delta = "Lorem ipsum dolor sit amet, \"consectetur\" adipiscing élit\n".repeat(8).substring(0, deltaChars);

        ChatCompleteResult result = new ChatCompleteResult();
        result.text = delta.repeat(50);
        result.model = "auto";
        result.finishReason = "stop";
        result.conversation = new ConversationRef("c0ffee00-0000-4000-8000-000000000001",
                "c0ffee00-0000-4000-8000-000000000002");
        result.timings = new ChatCompleteResult.Timings(123L, 456L);
        result.attempts = List.of();
        response = new ResponseMessage();
        response.setId(42);
        response.setResult(result);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        writer.close();
    }

    /** One {@code $/progress} report: {@code ProgressChannel.report} → frame written. */
    @Benchmark
    public long progressReport() {
        long seen = stdout.flushes();
        progress.report(delta);
        stdout.awaitFlushAfter(seen);
        return stdout.bytes();
    }

    /** The final {@code chat/complete} response (answer of 50 deltas) through LSP4J's serialiser → frame written. */
    @Benchmark
    public long completeResponse() {
        long seen = stdout.flushes();
        writer.consume(response);
        stdout.awaitFlushAfter(seen);
        return stdout.bytes();
    }
}
