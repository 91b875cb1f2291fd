package io.dblab.client.transport;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Why an HTTP request got no answer at all, in words: never a Java class name (a bare
 * {@code ConnectException} has no message at all) and never an empty line.
 */
final class TransportFailureText {
    /** Java's way of naming a cause inside a message: "java.io.EOFException: …" and the like. */
    private static final Pattern CLASS_PREFIX = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error):\\s*");

    private TransportFailureText() {}

    /** Why a request got no answer at all, such as "connection refused (is the engine running?)". */
    static String of(IOException e, String host, Duration requestTimeout) {
        if (e instanceof HttpConnectTimeoutException) {
            return "no connection within " + seconds(HttpTransport.CONNECT_TIMEOUT) + " (is the host reachable?)";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + seconds(requestTimeout) + " (the request timeout)";
        }
        if (has(e, UnresolvedAddressException.class)) {
            return "unknown host '" + host + "'";
        }
        if (has(e, SSLException.class)) {
            if (has(e, CertPathBuilderException.class)) {
                return "its TLS certificate is not signed by an authority this Java trusts";
            }
            if (has(e, CertificateException.class)) {
                return "its TLS certificate does not fit: " + deepestMessage(e);
            }
            return "the TLS handshake failed: " + deepestMessage(e)
                    + " (does the engine speak https on this port?)";
        }
        if (e instanceof ConnectException || has(e, ConnectException.class)) {
            String reason = deepestMessage(e);
            return (reason.isEmpty() ? "connection refused" : reason.toLowerCase(Locale.ROOT))
                    + " (is the engine running, on this host and port?)";
        }
        String reason = deepestMessage(e);
        return reason.isEmpty() ? "the connection failed" : reason;
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** The most specific message in the chain of causes, without the class names Java puts in. */
    private static String deepestMessage(Throwable e) {
        String message = "";
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        return CLASS_PREFIX.matcher(message).replaceAll("").strip();
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
