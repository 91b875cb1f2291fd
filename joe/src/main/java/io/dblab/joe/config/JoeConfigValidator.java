package io.dblab.joe.config;

import io.dblab.serverkit.http.Loopback;
import io.dblab.serverkit.http.TlsContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Checks what binding alone cannot: required values, ranges, references between sections and the
 * security rules. It collects every problem, each a sentence that starts with the key it is about.
 */
final class JoeConfigValidator {
    private final List<String> errors = new ArrayList<>();

    private JoeConfigValidator() {}

    static List<String> validate(JoeConfig config) {
        JoeConfigValidator v = new JoeConfigValidator();
        v.server(config.server());
        v.engines(config.engines());
        v.channels(config);
        v.durations(config);
        v.positive("limits.quota.requests", config.limits().quota().requests());
        v.insights(config.insights());
        config.slackEndpoint().ifPresent(v::slack);
        config.platformLink().ifPresent(v::platform);
        return List.copyOf(v.errors);
    }

    private void server(JoeConfig.Server s) {
        if (s.port() < 1 || s.port() > 65535) {
            errors.add("server.port must be between 1 and 65535, got " + s.port());
        }
        if (s.token().isBlank()) {
            errors.add("server.token must be set (JOE_TOKEN in the environment, or token: ${JOE_TOKEN} in joe.yml): Joe's API is never open");
        }
        JoeConfig.Tls tls = s.tls();
        boolean cert = tls.certFile() != null && !tls.certFile().isBlank();
        boolean key = tls.keyFile() != null && !tls.keyFile().isBlank();
        if (cert != key) {
            errors.add("server.tls.certFile and server.tls.keyFile must be set together");
        } else if (cert) {
            tlsFiles(tls);
        }
        // DESIGN.md point 4: reachable from the network means encrypted, unless the operator says otherwise
        if (!Loopback.isLoopback(s.host()) && !tls.enabled() && !s.allowInsecureHttp()) {
            errors.add("server.host " + s.host() + " is not loopback and server.tls is not configured: "
                    + "configure server.tls (certFile and keyFile) or set server.allowInsecureHttp: true");
        }
    }

    /** A certificate that cannot be loaded is a configuration error, not a failure to listen. */
    private void tlsFiles(JoeConfig.Tls tls) {
        Path certFile = Path.of(tls.certFile());
        Path keyFile = Path.of(tls.keyFile());
        if (!Files.isReadable(certFile)) {
            errors.add("server.tls.certFile " + certFile + " does not exist or cannot be read");
        } else if (!Files.isReadable(keyFile)) {
            errors.add("server.tls.keyFile " + keyFile + " does not exist or cannot be read");
        } else {
            try {
                TlsContext.fromPem(certFile, keyFile);
            } catch (IllegalArgumentException e) {
                errors.add("server.tls: " + e.getMessage());
            }
        }
    }

    private void engines(List<JoeConfig.Engine> engines) {
        if (engines.isEmpty()) {
            errors.add("engines must name at least one engine (name, url, token)");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < engines.size(); i++) {
            JoeConfig.Engine e = engines.get(i);
            String key = "engines[" + i + "]";
            if (e.name().isBlank()) {
                errors.add(key + ".name must be set");
            } else if (!names.add(e.name())) {
                errors.add(key + ".name '" + e.name() + "' is used twice");
            }
            if (!isHttpUrl(e.url())) {
                errors.add(key + ".url must be an http:// or https:// address of an engine's API, got '" + e.url() + "'");
            }
        }
    }

    private void channels(JoeConfig config) {
        List<JoeConfig.Channel> channels = config.channels();
        if (channels.isEmpty()) {
            errors.add("channels must map at least one channel (name, or \"" + JoeConfig.ANY_CHANNEL
                    + "\" for any) to an engine and a database");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < channels.size(); i++) {
            JoeConfig.Channel c = channels.get(i);
            String key = "channels[" + i + "]";
            if (c.name().isBlank()) {
                errors.add(key + ".name must be set (\"" + JoeConfig.ANY_CHANNEL + "\" for any channel)");
            } else if (!names.add(c.name())) {
                errors.add(key + ".name '" + c.name() + "' is used twice");
            }
            if (config.engine(c.engine()).isEmpty()) {
                errors.add(key + ".engine '" + c.engine() + "' is not one of the engines");
            }
        }
    }

    private void slack(JoeConfig.Slack slack) {
        if (slack.signingSecret().isBlank()) {
            errors.add("slack.signingSecret must be set (SLACK_SIGNING_SECRET in the environment, or"
                    + " signingSecret: ${SLACK_SIGNING_SECRET} in joe.yml): unsigned requests are never answered");
        }
        if (slack.botToken().isBlank()) {
            errors.add("slack.botToken must be set (SLACK_BOT_TOKEN in the environment, or botToken: ${SLACK_BOT_TOKEN}"
                    + " in joe.yml): Joe answers through Slack's Web API with it");
        }
        if (!isHttpUrl(slack.apiUrl())) {
            errors.add("slack.apiUrl must be an http:// or https:// address of Slack's Web API, got '" + slack.apiUrl() + "'");
        }
    }

    private void platform(JoeConfig.Platform platform) {
        if (!isHttpUrl(platform.url())) {
            errors.add("platform.url must be the Platform's http:// or https:// address, got '" + platform.url() + "'");
        }
        if (platform.token().isBlank()) {
            errors.add("platform.token must be set (an organization's API token of the Platform, usually"
                    + " token: ${PLATFORM_TOKEN} in joe.yml)");
        }
        if (platform.name().length() > 100) {
            errors.add("platform.name must be at most 100 characters");
        }
        if (platform.caFile() != null && !Files.isReadable(Path.of(platform.caFile()))) {
            errors.add("platform.caFile " + platform.caFile() + " does not exist or cannot be read");
        }
        if (platform.joeUrl() != null && !isHttpUrl(platform.joeUrl())) {
            errors.add("platform.joeUrl must be an http:// or https:// address of Joe's API, got '" + platform.joeUrl() + "'");
        }
    }

    private void durations(JoeConfig config) {
        duration("limits.statementTimeout", () -> config.limits().statement());
        duration("limits.quota.interval", () -> config.limits().quota().window());
        duration("sessions.idleTimeout", () -> config.sessions().idle());
        duration("sessions.cloneReadyTimeout", () -> config.sessions().cloneReady());
        duration("history.retention", () -> config.history().kept());
    }

    private void duration(String key, Supplier<?> parse) {
        try {
            parse.get();
        } catch (IllegalArgumentException e) {
            errors.add(key + ": " + e.getMessage());
        }
    }

    private void insights(JoeConfig.Insights t) {
        Object[][] counts = {{"seqScanBlocks", t.seqScanBlocks()}, {"readBlocks", t.readBlocks()},
                {"hitBlocks", t.hitBlocks()}, {"rowsWithoutLimit", t.rowsWithoutLimit()},
                {"tempWrittenBlocks", t.tempWrittenBlocks()}, {"indexFilterRemovedRows", t.indexFilterRemovedRows()},
                {"heapFetches", t.heapFetches()}, {"estimateMinRows", t.estimateMinRows()},
                {"lossyBlocks", t.lossyBlocks()}, {"nestedLoopLoops", t.nestedLoopLoops()}};
        for (Object[] count : counts) {
            if (count[1] != null && (Long) count[1] < 0) {
                errors.add("insights." + count[0] + " must not be negative, got " + count[1]);
            }
        }
        if (t.estimateFactor() != null && t.estimateFactor() <= 1) {
            errors.add("insights.estimateFactor must be greater than 1, got " + t.estimateFactor());
        }
        share("insights.estimateMinTimeShare", t.estimateMinTimeShare());
        share("insights.jitShare", t.jitShare());
    }

    private void share(String key, Double value) {
        if (value != null && (value < 0 || value > 1)) {
            errors.add(key + " must be between 0 and 1, got " + value);
        }
    }

    private void positive(String key, int value) {
        if (value < 1) {
            errors.add(key + " must be at least 1, got " + value);
        }
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
