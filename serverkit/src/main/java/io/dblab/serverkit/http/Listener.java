package io.dblab.serverkit.http;

import java.nio.file.Path;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A server's one listener: HTTPS when a certificate is configured, else plain HTTP, both under
 * {@link HttpLimits}, so that TLS never leaves a plaintext listener behind.
 *
 * @param certFile PEM certificate chain, or null for plain HTTP
 * @param keyFile  PEM PKCS#8 private key of the certificate
 */
public record Listener(String host, int port, String certFile, String keyFile) {
    public boolean tls() {
        return certFile != null && !certFile.isBlank();
    }

    public ServerConnector connector(Server server, HttpConfiguration httpConfig, HttpLimits limits) {
        HttpConnectionFactory http = new HttpConnectionFactory(httpConfig);
        ServerConnector connector;
        if (tls()) {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(TlsContext.fromPem(Path.of(certFile), Path.of(keyFile)));
            ssl.setKeyStorePassword(new String(TlsContext.KEY_STORE_PASSWORD));
            ssl.setIncludeProtocols("TLSv1.2", "TLSv1.3");
            httpConfig.addCustomizer(new SecureRequestCustomizer(false));
            connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), http);
        } else {
            connector = new ServerConnector(server, http);
        }
        connector.setHost(host);
        connector.setPort(port);
        return limits.limit(connector);
    }
}
