package dev.chatsidecar.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoProxySelectorTest {
    private final NoProxySelector selector = NoProxySelector.forUrl("http://proxy.corp:3128",
            List.of("internal.example", ".corp.example", "*.wild.example", "exact.example:8443", "10.1.2.3", " "));

    @Test
    void proxiesOtherHostsThroughTheConfiguredProxy() {
        List<Proxy> proxies = selector.select(URI.create("https://chatgpt.com/"));
        assertEquals(Proxy.Type.HTTP, proxies.get(0).type());
        InetSocketAddress address = (InetSocketAddress) proxies.get(0).address();
        assertEquals("proxy.corp", address.getHostString());
        assertEquals(3128, address.getPort());
    }

    @Test
    void entriesMatchTheHostAndItsSubdomains() {
        assertTrue(selector.bypasses("internal.example", 443));
        assertTrue(selector.bypasses("API.Internal.Example", 443));
        assertFalse(selector.bypasses("notinternal.example", 443));
        assertTrue(selector.bypasses("corp.example", 443));
        assertTrue(selector.bypasses("x.corp.example", 80));
        assertTrue(selector.bypasses("a.b.wild.example", 443));
        assertTrue(selector.bypasses("10.1.2.3", 80));
        assertFalse(selector.bypasses("10.1.2.30", 80));
    }

    @Test
    void anEntryWithAPortMatchesOnlyThatPort() {
        assertTrue(selector.bypasses("exact.example", 8443));
        assertFalse(selector.bypasses("exact.example", 443));
        assertEquals(List.of(Proxy.NO_PROXY), selector.select(URI.create("https://exact.example:8443/x")));
        assertFalse(selector.select(URI.create("https://exact.example/x")).contains(Proxy.NO_PROXY));
    }

    @Test
    void loopbackIsNeverProxied() {
        NoProxySelector plain = NoProxySelector.forUrl("http://proxy.corp:3128", List.of());
        assertEquals(List.of(Proxy.NO_PROXY), plain.select(URI.create("http://localhost:8080/")));
        assertEquals(List.of(Proxy.NO_PROXY), plain.select(URI.create("http://127.0.0.1:8080/")));
        assertEquals(List.of(Proxy.NO_PROXY), plain.select(URI.create("http://[::1]:8080/")));
        assertFalse(plain.select(URI.create("http://chatgpt.com/")).contains(Proxy.NO_PROXY));
    }

    @Test
    void starBypassesEverything() {
        NoProxySelector all = NoProxySelector.forUrl("proxy.corp:3128", List.of("*"));
        assertEquals(List.of(Proxy.NO_PROXY), all.select(URI.create("https://chatgpt.com/")));
    }

    @Test
    void portDefaultsFollowTheProxyScheme() {
        InetSocketAddress http = (InetSocketAddress) NoProxySelector.forUrl("http://p.example", List.of())
                .select(URI.create("https://chatgpt.com/")).get(0).address();
        assertEquals(80, http.getPort());
    }
}
