package dev.chatsidecar.bench.peers;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The raw binding ({@code de.kherud:llama}) with nothing of the sidecar around it: the comparison line
 * of the embedded model's tokens per second. Loads the model with the settings the sidecar uses
 * (1 thread, the given context, native log off), then per line on stdin ({@code stream} or
 * {@code complete}) generates the prompt once and prints {@code RESULT <tokens> <nanos>}: the
 * streaming iterator, one token at a time on this thread as the sidecar reads it, or the whole answer
 * in one {@code complete()} call.
 *
 * <pre>RawLlamaRunner MODEL_PATH THREADS CONTEXT N_PREDICT TEMPERATURE PROMPT</pre>
 */
public final class RawLlamaRunner {
    private RawLlamaRunner() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        System.setOut(System.err); // the binding prints its own lines on System.out
        int threads = Integer.parseInt(args[1]);
        LlamaModel model = new LlamaModel(new ModelParameters().setModel(args[0]).setCtxSize(Integer.parseInt(args[2]))
                .setThreads(threads).setThreadsBatch(threads).disableLog());
        int nPredict = Integer.parseInt(args[3]);
        float temperature = Float.parseFloat(args[4]);
        String prompt = args[5];
        out.println("READY");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
            InferenceParameters parameters = new InferenceParameters(prompt).setNPredict(nPredict)
                    .setTemperature(temperature);
            long start = System.nanoTime();
            int tokens = line.equals("complete") ? completeOnce(model, parameters) : streamOnce(model, parameters);
            out.println("RESULT " + tokens + " " + (System.nanoTime() - start));
        }
        System.exit(0); // a loaded model keeps a non-daemon native thread
    }

    private static int streamOnce(LlamaModel model, InferenceParameters parameters) {
        LlamaIterator tokens = model.generate(parameters).iterator();
        int count = 0;
        long chars = 0;
        while (tokens.hasNext()) {
            LlamaOutput output = tokens.next();
            chars += output.text.length();
            if (tokens.hasNext()) {
                count++; // as in the sidecar: the last output closes the stream and carries no token
            }
        }
        return chars < 0 ? -1 : count;
    }

    private static int completeOnce(LlamaModel model, InferenceParameters parameters) {
        String text = model.complete(parameters);
        return model.encode(text).length;
    }
}
