package dev.chatsidecar.server.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.http.ChunkedInputStream;
import dev.chatsidecar.server.http.SseEvent;
import dev.chatsidecar.server.http.SseFormatException;
import dev.chatsidecar.server.http.SseReader;
import dev.chatsidecar.server.upstream.BackendException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Feeds seeded random and mutated event streams, split into random network chunks, through
 * {@link SseReader} and a decoder, and checks that every stream ends in an answer or a typed failure
 * (never another exception), that the deltas joined are the decoder's text, and that memory stays
 * bounded (some streams carry a line over {@link SseReader#MAX_LINE_BYTES}, which must be refused).
 * Reproduce a failure with {@code -Dfuzz.seed=N}; run longer with {@code -Dfuzz.iterations=N}.
 */
public final class SseFuzzer {
    /** Failure types a decoder may report for a stream it cannot use. */
    public static final Set<ErrorType> TYPED = Set.of(ErrorType.PROTOCOL_ERROR, ErrorType.UPSTREAM_ERROR,
            ErrorType.BLOCKED);

    /** One stream's decoder, adapted to the fuzzer. */
    public interface Target {
        /** Feeds one event; {@code true} once the stream is over ({@code [DONE]}). */
        boolean accept(SseEvent event) throws BackendException;

        /** Called at the end of the input (after the last event, or after {@code [DONE]}). */
        void finish() throws BackendException;

        /** Every delta handed out, in order. */
        List<String> deltas();

        /** The decoder's own idea of the whole text. */
        String text();
    }

    /** What a run saw. */
    public record Counts(int streams, int answered, int typedFailures, int oversizedLines, long bytes) {
        @Override
        public String toString() {
            return "streams=" + streams + " answered=" + answered + " typedFailures=" + typedFailures
                    + " oversizedLines=" + oversizedLines + " bytes=" + bytes;
        }
    }

    private SseFuzzer() {
    }

    /** Runs {@code iterations} streams made from {@code corpus}; the seed comes from {@code -Dfuzz.seed} or the clock. */
    public static Counts run(String name, List<byte[]> corpus, Supplier<Target> targets, int defaultIterations) {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        int iterations = Integer.getInteger("fuzz.iterations", defaultIterations);
        System.out.println(name + " seed=" + seed + " iterations=" + iterations
                + " (reproduce with -Dfuzz.seed=" + seed + ")");
        Random random = new Random(seed);
        int answered = 0;
        int typed = 0;
        int oversized = 0;
        long bytes = 0;
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < iterations; i++) {
            String where = name + " iteration " + i + " (seed " + seed + ")";
            byte[] input = ByteMutator.mutate(corpus.get(random.nextInt(corpus.size())), corpus, random);
            boolean giant = random.nextInt(200) == 0;
            bytes += input.length;
            InputStream stream = ChunkedInputStream.random(input, random.nextLong(), 1 + random.nextInt(4096));
            if (giant) {
                // a line over the limit somewhere in the stream, streamed without being held in memory
                int at = random.nextInt(input.length + 1);
                stream = new SequenceInputStream(java.util.Collections.enumeration(List.of(
                        new java.io.ByteArrayInputStream(input, 0, at),
                        new RepeatedBytes((byte) 'x', SseReader.MAX_LINE_BYTES + 4096),
                        new java.io.ByteArrayInputStream(input, at, input.length - at))));
            }
            Target target = targets.get();
            try {
                feed(new SseReader(stream), target);
                answered++;
            } catch (SseFormatException e) {
                assertTrue(giant, where + ": only an oversized line may break the reader: " + e);
                oversized++;
            } catch (BackendException e) {
                assertTrue(TYPED.contains(e.type()), where + ": unexpected type " + e.type() + ": " + e.getMessage());
                assertFalse(e.getMessage() == null || e.getMessage().isBlank(), where + ": a message");
                assertFalse(e.hint() == null || e.hint().isBlank(), where + ": a hint");
                typed++;
            } catch (IOException | RuntimeException e) {
                throw new AssertionError(where + ": untyped failure " + e, e);
            }
            List<String> deltas = target.deltas();
            assertEquals(target.text(), String.join("", deltas), where + ": deltas joined are the text");
            for (String delta : deltas) {
                assertFalse(delta.isEmpty(), where + ": an empty delta");
            }
            if (i % 1000 == 999) {
                System.gc(); // what stays reachable between streams must not grow
                long usedMb = (runtime.totalMemory() - runtime.freeMemory()) >> 20;
                assertTrue(usedMb < 256, where + ": heap after GC " + usedMb + " MB");
            }
        }
        Counts counts = new Counts(iterations, answered, typed, oversized, bytes);
        System.out.println(name + " " + counts);
        return counts;
    }

    private static void feed(SseReader reader, Target target) throws IOException, BackendException {
        SseEvent event;
        while ((event = reader.next()) != null) {
            if (target.accept(event)) {
                break;
            }
        }
        target.finish();
    }

    /** {@code count} copies of one byte, without holding them in memory. */
    private static final class RepeatedBytes extends InputStream {
        private final byte value;
        private long left;

        RepeatedBytes(byte value, long count) {
            this.value = value;
            this.left = count;
        }

        @Override
        public int read() {
            return left-- > 0 ? value : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            Arrays.fill(b, off, off + n, value);
            left -= n;
            return n;
        }
    }
}
