package io.dblab.platform.config;

import io.dblab.serverkit.http.Loopback;
import io.dblab.serverkit.http.TlsContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks what binding alone cannot: ranges, values that go together and the security rules. It
 * collects every problem, each a sentence that starts with the key it is about.
 */
final class PlatformConfigValidator {
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private final List<String> errors = new ArrayList<>();

    private PlatformConfigValidator() {}

    static List<String> validate(PlatformConfig config) {
        PlatformConfigValidator v = new PlatformConfigValidator();
        v.server(config.server());
        v.database(config.database());
        if (!ENV_NAME.matcher(config.secrets().keyEnv()).matches()) {
            v.errors.add("secrets.keyEnv must be the name of an environment variable, got '" + config.secrets().keyEnv() + "'");
        }
        v.tunnels(config.tunnels(), config.server());
        return List.copyOf(v.errors);
    }

    private void server(PlatformConfig.Server s) {
        if (s.port() < 1 || s.port() > 65535) {
            errors.add("server.port must be between 1 and 65535, got " + s.port());
        }
        PlatformConfig.Tls tls = s.tls();
        boolean key = tls.keyFile() != null && !tls.keyFile().isBlank();
        if (tls.enabled() != key) {
            errors.add("server.tls.certFile and server.tls.keyFile must be set together");
        } else if (key) {
            certificate(Path.of(tls.certFile()), Path.of(tls.keyFile()));
        }
        // DESIGN.md point 4: reachable from the network means encrypted, unless the operator says otherwise
        if (!Loopback.isLoopback(s.host()) && !tls.enabled() && !s.allowInsecureHttp()) {
            errors.add("server.host " + s.host() + " is not loopback and server.tls is not configured: "
                    + "configure server.tls (certFile and keyFile) or set server.allowInsecureHttp: true");
        }
    }

    /**
     * The relay URL: https, or plain http only where the server itself may be (loopback, or
     * allowInsecureHttp). The public tunnel URL: what an engine accepts, wss, or ws only to loopback.
     */
    private void tunnels(PlatformConfig.Tunnels t, PlatformConfig.Server s) {
        if (t.publicUrl() != null) {
            publicTunnelUrl(t.publicUrl());
        }
        if (t.relayUrl() == null) {
            return;
        }
        java.net.URI uri;
        try {
            uri = new java.net.URI(t.relayUrl());
        } catch (java.net.URISyntaxException e) {
            errors.add("tunnels.relayUrl is not a URL: " + t.relayUrl());
            return;
        }
        String scheme = String.valueOf(uri.getScheme()).toLowerCase(java.util.Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http")) || uri.getRawPath() != null
                && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
            errors.add("tunnels.relayUrl must look like https://10.0.0.5:8443 (this instance, as the others reach it), got '"
                    + t.relayUrl() + "'");
        } else if (scheme.equals("http") && !Loopback.isLoopback(uri.getHost()) && !s.allowInsecureHttp()) {
            errors.add("tunnels.relayUrl " + t.relayUrl() + " is plain http to another host: use https, or set"
                    + " server.allowInsecureHttp: true");
        }
    }

    private void publicTunnelUrl(String url) {
        java.net.URI uri;
        try {
            uri = new java.net.URI(url);
        } catch (java.net.URISyntaxException e) {
            errors.add("tunnels.publicUrl is not a URL: " + url);
            return;
        }
        String scheme = String.valueOf(uri.getScheme()).toLowerCase(java.util.Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("wss") || scheme.equals("ws"))) {
            errors.add("tunnels.publicUrl must look like wss://platform.example.com/tunnel (the tunnel endpoint as"
                    + " engines reach it), got '" + url + "'");
        } else if (scheme.equals("ws") && !Loopback.isLoopback(uri.getHost())) {
            errors.add("tunnels.publicUrl " + url + " is plain ws to another host, which engines refuse: use wss");
        }
    }

    /** A certificate that cannot be loaded is a configuration error, not a failure to listen. */
    private void certificate(Path cert, Path key) {
        for (Path file : List.of(cert, key)) {
            if (!Files.isReadable(file)) {
                errors.add("server.tls: " + file + " does not exist or cannot be read");
                return;
            }
        }
        try {
            TlsContext.fromPem(cert, key);
        } catch (IllegalArgumentException e) {
            errors.add("server.tls: " + e.getMessage());
        }
    }

    private void database(PlatformConfig.Database d) {
        if (d.embedded()) {
            if (!d.user().isEmpty() || !d.password().isEmpty() || d.migrationUser() != null) {
                errors.add("database.user, password and migrationUser go with database.url; without a url the Platform"
                        + " runs its own PostgreSQL and makes its roles itself");
            }
            return;
        }
        if (!d.url().startsWith("jdbc:postgresql:")) {
            errors.add("database.url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:5432/dbname), got '" + d.url() + "'");
        }
        if (d.user().isBlank()) {
            errors.add("database.user must be set with database.url (the application's role)");
        }
        if (d.dataDir() != null) {
            errors.add("database.dataDir is for the embedded database: remove it, or remove database.url");
        }
        if (d.migrationUser() != null && d.migrationUser().equals(d.user())) {
            errors.add("database.migrationUser must be another role than database.user (or be left out)");
        }
    }
}
