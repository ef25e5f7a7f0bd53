package dev.chatsidecar.server.http;

import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.upstream.BackendException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Maps transport failures to the contract's types. Before a response arrived, DNS, connect, TLS,
 * proxy and timeout failures are {@code unreachable} (retryable: nothing was sent to the model);
 * a failure while the answer streams is {@code upstream_error} ("the stream was cut").
 */
public final class TransportErrors {
    private static final String NETWORK_HINT = "Check your network connection; behind a proxy set http.proxy "
            + "(HTTPS_PROXY), and use another model or backend meanwhile.";

    private TransportErrors() {
    }

    /**
     * The error for a failure before the response headers arrived.
     *
     * @param service how the message names the upstream
     * @param uri     the request's URI (only its host and port are shown)
     */
    public static BackendException beforeResponse(String service, URI uri, IOException e) {
        String where = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        BackendException undecodable = undecodable(service, e);
        if (undecodable != null) {
            return undecodable;
        }
        if (e instanceof HttpConnectTimeoutException) {
            return unreachable("Connecting to " + service + " (" + where + ") timed out.",
                    "Check your network or proxy settings (http.proxy); on a slow network raise "
                            + "http.connectTimeoutMs (CHAT_SIDECAR_CONNECT_TIMEOUT_MS).", e);
        }
        if (e instanceof HttpTimeoutException) {
            return unreachable(service + " (" + where + ") did not start answering in time.",
                    "Try again; if it keeps happening, check your network or raise http.idleTimeoutMs "
                            + "(CHAT_SIDECAR_IDLE_TIMEOUT_MS).", e);
        }
        if (has(e, UnknownHostException.class) || has(e, UnresolvedAddressException.class)) {
            return unreachable("Cannot find the address of " + service + " (" + uri.getHost() + "): the name does not resolve.",
                    "Check the configured base URL and your DNS/network; behind a proxy set http.proxy (HTTPS_PROXY).", e);
        }
        SSLException tls = find(e, SSLException.class);
        if (tls != null) {
            boolean untrusted = has(e, CertPathBuilderException.class) || has(e, CertPathValidatorException.class)
                    || String.valueOf(tls.getMessage()).contains("PKIX");
            return untrusted
                    ? unreachable("The TLS certificate of " + service + " (" + where + ") is not trusted by this Java runtime.",
                            "If a corporate proxy or antivirus inspects TLS, set tls.caFile (CHAT_SIDECAR_CA_FILE) to its "
                                    + "root certificate (PEM). TLS verification cannot be turned off.", e)
                    : unreachable("The TLS handshake with " + service + " (" + where + ") failed: " + tls.getMessage(),
                            "Check proxy settings (http.proxy) and, if TLS is inspected on this network, set tls.caFile "
                                    + "(CHAT_SIDECAR_CA_FILE) to the inspecting proxy's root certificate.", e);
        }
        String message = String.valueOf(e.getMessage());
        if (message.toLowerCase(Locale.ROOT).contains("proxy") || message.toLowerCase(Locale.ROOT).contains("tunnel")) {
            return unreachable("The proxy refused to connect to " + service + ": " + message,
                    "Check http.proxy (HTTPS_PROXY) and http.noProxy; proxies that require a password are not supported.", e);
        }
        if (has(e, ConnectException.class)) {
            return unreachable("Cannot connect to " + service + " (" + where + "): the connection was refused.",
                    NETWORK_HINT, e);
        }
        return unreachable("The connection to " + service + " (" + where + ") failed: " + message, NETWORK_HINT, e);
    }

    /**
     * The error for a failure while reading a streamed answer: a cut connection ({@code upstream_error}),
     * or an event stream over the reader's limits ({@code protocol_error}: retrying gets the same).
     */
    public static BackendException duringStream(String service, IOException e) {
        BackendException undecodable = undecodable(service, e);
        if (undecodable != null) {
            return undecodable;
        }
        if (e instanceof SseFormatException) {
            return new BackendException(ErrorType.PROTOCOL_ERROR, service + " sent a malformed event stream: "
                    + e.getMessage() + ".", "Update chat-sidecar; the service changed how it streams answers.", false,
                    null, null, e);
        }
        return new BackendException(ErrorType.UPSTREAM_ERROR,
                "The connection to " + service + " broke while the answer was streaming (" + e.getMessage() + ").",
                "Try again; the text received so far is kept.", true, null, null, e);
    }

    /** {@code protocol_error} for a body in an encoding not asked for, or not in the one it declares. */
    private static BackendException undecodable(String service, IOException e) {
        if (e instanceof ResponseBodies.UnsupportedEncodingException unsupported) {
            return new BackendException(ErrorType.PROTOCOL_ERROR, service + " answered with an " + unsupported.getMessage()
                    + ".", "Update chat-sidecar; the service changed how it sends answers.", false, null, null, e);
        }
        if (e instanceof ResponseBodies.MalformedBodyException malformed) {
            return new BackendException(ErrorType.PROTOCOL_ERROR, service + " sent " + malformed.getMessage() + ".",
                    "A proxy or the service garbled the compressed answer; check proxy settings (http.proxy), and "
                            + "update chat-sidecar if it persists.", false, null, null, e);
        }
        return null;
    }

    private static BackendException unreachable(String message, String hint, IOException cause) {
        return new BackendException(ErrorType.UNREACHABLE, message, hint, true, null, null, cause);
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        return find(e, type) != null;
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
