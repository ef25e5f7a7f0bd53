package dev.chatsidecar.bench.peers;

/**
 * The "Java hello world" comparison line of the startup benchmark: the least any JVM program can
 * cost to start here. Packaged alone in {@code bench/target/hello.jar}.
 */
public final class HelloWorld {
    private HelloWorld() {
    }

    public static void main(String[] args) {
        System.out.println("hello world");
    }
}
