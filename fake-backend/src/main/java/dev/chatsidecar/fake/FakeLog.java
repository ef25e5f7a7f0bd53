package dev.chatsidecar.fake;

/**
 * Logging to stderr (stdout carries only the CLI's one JSON line). Off unless enabled: embedded in
 * tests the fake stays quiet. Never logs headers or bodies, so cookies and tokens stay out of logs.
 */
final class FakeLog {
    private static volatile boolean enabled;

    private FakeLog() {
    }

    static void enable(boolean on) {
        enabled = on;
    }

    static void info(String message) {
        if (enabled) {
            System.err.println("[fake-backend] " + message);
        }
    }

    static void warn(String message) {
        System.err.println("[fake-backend] WARN " + message);
    }

    static void request(String method, String path, int status) {
        info(method + " " + path + " -> " + status);
    }
}
