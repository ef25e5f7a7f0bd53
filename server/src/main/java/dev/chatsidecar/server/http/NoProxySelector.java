package dev.chatsidecar.server.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Sends every connection through one HTTP proxy except to hosts that match a {@code NO_PROXY}-style
 * list. Matching follows curl and Go, case-insensitively:
 * <ul>
 *   <li>{@code *} alone: no host uses the proxy;</li>
 *   <li>{@code example.com}, {@code .example.com} and {@code *.example.com} all match
 *       {@code example.com} itself and every subdomain such as {@code api.example.com};</li>
 *   <li>an entry with a port ({@code example.com:8443}) matches only that port;</li>
 *   <li>IP addresses match literally (CIDR ranges are not supported).</li>
 * </ul>
 * Loopback hosts ({@code localhost}, {@code *.localhost}, {@code 127.x.x.x}, {@code ::1}) never
 * use the proxy: a proxy cannot reach this machine's own loopback interface, so sending them there
 * only produces confusing errors.
 */
public final class NoProxySelector extends ProxySelector {
    private final Proxy proxy;
    private final List<String> noProxy;

    /**
     * @param proxyHost the proxy's host
     * @param proxyPort the proxy's port
     * @param noProxy   the exception entries (blank ones are ignored)
     */
    public NoProxySelector(String proxyHost, int proxyPort, List<String> noProxy) {
        this.proxy = new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxyHost, proxyPort));
        this.noProxy = noProxy.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).toList();
    }

    /** A selector for a proxy URL such as {@code http://proxy.corp:3128} (port defaults to 80, or 443 for https). */
    public static NoProxySelector forUrl(String proxyUrl, List<String> noProxy) {
        URI uri = URI.create(proxyUrl.contains("://") ? proxyUrl : "http://" + proxyUrl);
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return new NoProxySelector(uri.getHost(), port, noProxy);
    }

    @Override
    public List<Proxy> select(URI uri) {
        String host = uri.getHost();
        if (host == null) {
            return List.of(proxy);
        }
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return bypasses(host, port) ? List.of(Proxy.NO_PROXY) : List.of(proxy);
    }

    /** Whether a connection to {@code host:port} goes direct. */
    public boolean bypasses(String host, int port) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (isLoopback(h)) {
            return true;
        }
        for (String entry : noProxy) {
            if (entry.equals("*") || matches(entry, h, port)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String entry, String host, int port) {
        String name = entry;
        int colon = entry.lastIndexOf(':');
        // "host:port", but not a bare IPv6 address (several colons)
        if (colon > 0 && entry.indexOf(':') == colon) {
            String portText = entry.substring(colon + 1);
            name = entry.substring(0, colon);
            try {
                if (Integer.parseInt(portText) != port) {
                    return false;
                }
            } catch (NumberFormatException e) {
                return false;
            }
        }
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        if (name.startsWith("*.")) {
            name = name.substring(2);
        } else if (name.startsWith(".")) {
            name = name.substring(1);
        }
        return !name.isEmpty() && (host.equals(name) || host.endsWith("." + name));
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.endsWith(".localhost") || host.startsWith("127.")
                || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1");
    }

    @Override
    public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        // nothing to remember: there is only one proxy
    }

    @Override
    public String toString() {
        return "proxy " + proxy.address() + (noProxy.isEmpty() ? "" : " except " + noProxy);
    }
}
