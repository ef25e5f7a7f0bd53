package dev.chatsidecar.fake;

/** Placeholder: the fake backend server is being written. */
public final class FakeBackendMain {
    private FakeBackendMain() {
    }

    public static void main(String[] args) {
        System.err.println("fake backend: not implemented yet");
    }
}
