package dev.chatsidecar.server;

import dev.chatsidecar.server.cli.AskCommand;
import dev.chatsidecar.server.log.Log;

/**
 * Ctrl-C (SIGINT) for {@code ask}: cancels the running request so that its partial answer is kept
 * and the command ends with {@link AskCommand#INTERRUPTED}; before a request runs, ends the process
 * at once. Uses {@code sun.misc.Signal} (module {@code jdk.unsupported}, present in every JDK since
 * 9): a shutdown hook could not let the command finish its output first.
 */
final class InterruptHandler {
    private InterruptHandler() {
    }

    static void install(AskCommand command) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> {
                if (!command.interrupt()) {
                    System.err.println("chat-sidecar: interrupted");
                    Runtime.getRuntime().halt(AskCommand.INTERRUPTED);
                }
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            Log.get(InterruptHandler.class).debug("no SIGINT handler on this platform: " + e.getMessage());
        }
    }
}
