package io.dblab.client.transport;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** The engine API over HTTP(S) with the JDK's client, the token in {@code Verification-Token}. */
public final class HttpTransport implements EngineTransport {
    private static final String TOKEN_HEADER = "Verification-Token";
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final String token;
    private final Duration requestTimeout;
    private final HttpClient http;

    /** {@code insecure}: trust any server certificate (a test engine's self-signed one). */
    public HttpTransport(URI base, String token, Duration requestTimeout, boolean insecure) {
        String url = base.toString();
        this.base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        this.token = token == null ? "" : token;
        this.requestTimeout = requestTimeout;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT);
        if (insecure) {
            builder.sslContext(trusting(true));
        } else if ("http".equalsIgnoreCase(this.base.getScheme())) {
            // A client of a plain-HTTP engine never speaks TLS (it follows no redirect), so the JVM's
            // default context, whose set-up reads and parses the system's trust store, is wasted
            // start-up time for every short command; this one trusts nothing.
            builder.sslContext(trusting(false));
        }
        this.http = builder.build();
    }

    @Override
    public EngineReply exchange(String method, String path, String jsonBody) throws IOException {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(requestTimeout)
                .header(TOKEN_HEADER, token)
                .header("Content-Type", "application/json")
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody));
        try {
            HttpResponse<String> response = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            return new EngineReply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new IOException("cannot reach " + base + ": " + TransportFailureText.of(e, base.getHost(), requestTimeout), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while calling " + base);
        }
    }

    @Override
    public String target() {
        return base.toString();
    }

    /** A TLS context that trusts every server certificate, or none. */
    private static SSLContext trusting(boolean everything) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            TrustManager trust = new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                    throw new CertificateException("this client presents no certificate");
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                    if (!everything) {
                        throw new CertificateException("this client trusts no server: it talks plain HTTP");
                    }
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            };
            context.init(null, new TrustManager[] {trust}, new SecureRandom());
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up TLS", e);
        }
    }
}
