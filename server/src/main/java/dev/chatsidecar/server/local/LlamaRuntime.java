package dev.chatsidecar.server.local;

import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.LogFormat;
import dev.chatsidecar.server.log.Log;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The embedded llama.cpp of this process ({@code de.kherud:llama}), designed around the binding's
 * sharp edges (see {@code ../shared/embedded-llama.md}):
 * <ul>
 *   <li>the native library is loaded once, lazily, from a pre-extracted private copy
 *       ({@link NativeLibraryFiles}) with a private temp dir, so nothing reaches stdout and no shared
 *       temp files are deleted; native logging is off (it also costs a third of the speed);</li>
 *   <li>each model file is loaded once and kept for the life of the process: the binding's
 *       {@code close()} frees no native memory, so reloading would only leak;</li>
 *   <li>a loaded model keeps a non-daemon native thread alive: whoever uses this class must end the
 *       process explicitly ({@code Main} calls {@code System.exit}).</li>
 * </ul>
 * Thread-safe.
 */
public final class LlamaRuntime {
    private static final Log LOG = Log.get(LlamaRuntime.class);
    private static final String LIB_PATH_PROPERTY = "de.kherud.llama.lib.path";
    private static final String TMPDIR_PROPERTY = "de.kherud.llama.tmpdir";
    private static final LlamaRuntime SHARED = new LlamaRuntime();

    private final Map<Path, LocalModel> models = new HashMap<>();
    private boolean nativeLoaded;
    private String nativeFailure;
    private long nativeLoadMs = -1;

    private LlamaRuntime() {
    }

    /** The one runtime of this process. */
    public static LlamaRuntime shared() {
        return SHARED;
    }

    /**
     * The loaded model for {@code file}, loading the native library and the model on first use.
     *
     * @param threads     CPU threads for generation (used when the model is first loaded)
     * @param contextSize context length in tokens (used when the model is first loaded)
     * @throws LocalModelException when the library or the model cannot be loaded
     */
    public synchronized LocalModel model(LocalModelFile file, int threads, int contextSize) throws LocalModelException {
        if (!file.usable()) {
            throw new LocalModelException(file.problem());
        }
        LocalModel loaded = models.get(file.path());
        if (loaded != null) {
            if (loaded.threads() != threads || loaded.contextSize() != contextSize) {
                LOG.debug("model " + file.id() + " stays loaded with " + loaded.threads() + " threads and context "
                        + loaded.contextSize() + " (a model is loaded once per process)");
            }
            return loaded;
        }
        if (!Files.isRegularFile(file.path())) {
            // replaced since it was checked: llama.cpp would open a FIFO under this lock and block every load
            throw new LocalModelException("The local model path is no longer a regular file: " + file.path());
        }
        ensureNativeLibrary();
        long start = System.nanoTime();
        LlamaModel model;
        try {
            model = new LlamaModel(new ModelParameters()
                    .setModel(file.path().toString())
                    .setCtxSize(contextSize)
                    .setThreads(threads)
                    .setThreadsBatch(threads)
                    .disableLog());
        } catch (RuntimeException e) {
            // the binding's LlamaException says only "could not load model from given file path"
            throw new LocalModelException("llama.cpp could not load the local model " + file.path() + ": "
                    + e.getMessage());
        }
        long loadMs = (System.nanoTime() - start) / 1_000_000;
        LOG.info("local model " + file.id() + " loaded in " + loadMs + " ms (context " + contextSize + ", "
                + threads + " thread" + (threads == 1 ? "" : "s") + ")");
        loaded = new LocalModel(model, file.id(), file.header().hasChatTemplate(), threads, contextSize, loadMs);
        models.put(file.path(), loaded);
        return loaded;
    }

    /** Milliseconds the native library took to load, or -1 before it was loaded. */
    public synchronized long nativeLoadMs() {
        return nativeLoadMs;
    }

    private void ensureNativeLibrary() throws LocalModelException {
        if (nativeLoaded) {
            return;
        }
        if (nativeFailure != null) {
            throw new LocalModelException(nativeFailure);
        }
        long start = System.nanoTime();
        PrintStream stdout = System.out;
        try {
            preparePrivateFiles();
            // the binding prints to System.out in some paths (e.g. when it extracts the library itself):
            // keep any of that off the protocol stream
            System.setOut(System.err);
            // initialising LlamaModel loads the library; the logger routes native messages to our log
            LlamaModel.setLogger(LogFormat.TEXT, (level, message) -> LOG.debug("llama.cpp " + level + ": "
                    + message.strip()));
            nativeLoaded = true;
            nativeLoadMs = (System.nanoTime() - start) / 1_000_000;
            LOG.info("llama.cpp library loaded in " + nativeLoadMs + " ms");
        } catch (IOException | LinkageError e) {
            nativeFailure = "The embedded llama.cpp library could not be loaded on this machine ("
                    + NativeLibraryFiles.platformFolder() + "): " + e.getMessage();
            throw new LocalModelException(nativeFailure);
        } finally {
            System.setOut(stdout);
        }
    }

    private static void preparePrivateFiles() throws IOException {
        if (System.getProperty(LIB_PATH_PROPERTY) == null) {
            try {
                NativeLibraryFiles.Prepared prepared = NativeLibraryFiles.prepare(System.getenv());
                System.setProperty(LIB_PATH_PROPERTY, prepared.libraryDir().toString());
                if (System.getProperty(TMPDIR_PROPERTY) == null) {
                    System.setProperty(TMPDIR_PROPERTY, prepared.tempDir().toString());
                }
            } catch (IOException e) {
                // no writable cache: the binding extracts it itself, into a directory of our own (below)
                LOG.debug("pre-extracting the native library failed (" + e.getMessage() + ")");
            }
        }
        if (System.getProperty(TMPDIR_PROPERTY) == null) {
            // the binding deletes every llama* entry of its temp dir: never let that be the shared one
            Path tempDir = Files.createTempDirectory("chat-sidecar-jllama-");
            tempDir.toFile().deleteOnExit();
            System.setProperty(TMPDIR_PROPERTY, tempDir.toString());
        }
    }
}
