package dev.chatsidecar.server.rpc;

import dev.chatsidecar.server.log.Log;
import java.util.Optional;

/** Ends the sidecar when the editor process that started it dies. */
final class ParentWatcher {
    private static final Log LOG = Log.get(ParentWatcher.class);

    private ParentWatcher() {
    }

    static void watch(long pid, Runnable onExit) {
        Optional<ProcessHandle> parent = ProcessHandle.of(pid);
        if (parent.isEmpty() || !parent.get().isAlive()) {
            LOG.warn("processId " + pid + " is not a running process; it will not be watched");
            return;
        }
        LOG.debug("watching parent process " + pid);
        parent.get().onExit().thenRun(onExit);
    }
}
