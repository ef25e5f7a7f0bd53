package dev.chatsidecar.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.upstream.BackendException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class IdleWatchdogTest {

    @Test
    void closesAStalledStreamAndExplainsWhy() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket peer = server.accept()) {
            OutputStream out = peer.getOutputStream();
            out.write("abc".getBytes());
            out.flush();
            try (IdleWatchdog dog = IdleWatchdog.watch(client.getInputStream(), 300)) {
                InputStream in = dog.stream();
                byte[] buffer = new byte[3];
                assertEquals(3, in.readNBytes(buffer, 0, 3));
                long start = System.nanoTime();
                assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThrows(IOException.class, in::read));
                long waitedMs = (System.nanoTime() - start) / 1_000_000;
                assertTrue(dog.fired());
                assertTrue(waitedMs >= 250, "fired after " + waitedMs + " ms");
                BackendException failure = dog.failure("chatgpt.com");
                assertEquals(ErrorType.UPSTREAM_ERROR, failure.type());
                assertTrue(failure.getMessage().contains("no data for 0.3 s"), failure.getMessage());
                assertTrue(failure.retryable());
            }
        }
    }

    @Test
    void aSteadyTrickleKeepsTheStreamOpen() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket peer = server.accept()) {
            Thread writer = new Thread(() -> {
                try (OutputStream out = peer.getOutputStream()) {
                    for (int i = 0; i < 10; i++) {
                        out.write('x');
                        out.flush();
                        Thread.sleep(60); // the pace of a slow but live stream, not synchronisation
                    }
                } catch (IOException | InterruptedException ignored) {
                    // the test fails on its own assertions
                }
            });
            writer.start();
            try (IdleWatchdog dog = IdleWatchdog.watch(client.getInputStream(), 250)) {
                byte[] all = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> dog.stream().readAllBytes());
                assertEquals(10, all.length);
                assertFalse(dog.fired());
            }
            writer.join();
        }
    }
}
