package io.dblab.joe.config;

import io.dblab.joe.insight.Thresholds;
import io.dblab.serverkit.config.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Joe's configuration as read from joe.yml (or made from the command line's flags). Every record
 * fills its defaults in its compact constructor, so a missing section or key means "the default";
 * durations are kept as written ({@code 10m}, {@code 30s}) and read by the accessors that return
 * {@link Duration}s, after {@link JoeConfigValidator} has checked them.
 */
public record JoeConfig(
        Server server,
        List<Engine> engines,
        List<Channel> channels,
        Sessions sessions,
        Limits limits,
        History history,
        Audit audit,
        Boolean strictMode,
        Insights insights,
        String stateDir,
        Slack slack,
        Platform platform) {

    public static final int DEFAULT_PORT = 2400;

    /** This configuration, reporting to {@code link}'s Platform. */
    public JoeConfig withPlatform(Platform link) {
        return new JoeConfig(server, engines, channels, sessions, limits, history, audit, strictMode, insights, stateDir,
                slack, link);
    }
    /** The channel entry that serves every channel not named by another entry. */
    public static final String ANY_CHANNEL = "*";

    public JoeConfig {
        server = server == null ? new Server(null, 0, null, null, false) : server;
        engines = engines == null ? List.of() : List.copyOf(engines);
        channels = channels == null ? List.of() : List.copyOf(channels);
        sessions = sessions == null ? new Sessions(null, null, null) : sessions;
        limits = limits == null ? new Limits(null, null) : limits;
        history = history == null ? new History(null, null) : history;
        audit = audit == null ? new Audit(null, null) : audit;
        strictMode = strictMode != null && strictMode;
        insights = insights == null ? Insights.DEFAULTS : insights;
        stateDir = stateDir == null || stateDir.isBlank()
                ? Path.of(System.getProperty("user.home"), ".dblab", "joe").toString() : stateDir;
    }

    /** Without a {@code slack} section: Joe answers over its API only. */
    public JoeConfig(Server server, List<Engine> engines, List<Channel> channels, Sessions sessions, Limits limits,
                     History history, Audit audit, Boolean strictMode, Insights insights, String stateDir) {
        this(server, engines, channels, sessions, limits, history, audit, strictMode, insights, stateDir, null, null);
    }

    /** Without a {@code platform} section: Joe reports to no Platform. */
    public JoeConfig(Server server, List<Engine> engines, List<Channel> channels, Sessions sessions, Limits limits,
                     History history, Audit audit, Boolean strictMode, Insights insights, String stateDir, Slack slack) {
        this(server, engines, channels, sessions, limits, history, audit, strictMode, insights, stateDir, slack, null);
    }

    /** @param token Joe's own API token ({@code Authorization: Bearer}); usually {@code ${JOE_TOKEN}} */
    public record Server(String host, int port, String token, Tls tls, boolean allowInsecureHttp) {
        public Server {
            host = host == null || host.isBlank() ? "127.0.0.1" : host;
            port = port == 0 ? DEFAULT_PORT : port;
            token = token == null ? "" : token;
            tls = tls == null ? new Tls(null, null) : tls;
        }
    }

    public record Tls(String certFile, String keyFile) {
        public boolean enabled() {
            return certFile != null && !certFile.isBlank();
        }
    }

    /** An engine Joe makes clones on: its API address and verification token. */
    public record Engine(String name, String url, String token) {
        public Engine {
            name = name == null ? "" : name;
            url = url == null ? "" : url;
            token = token == null ? "" : token;
        }
    }

    /** Which engine and database a chat channel works with; the name {@value #ANY_CHANNEL} stands for any channel. */
    public record Channel(String name, String engine, String database) {
        public Channel {
            name = name == null ? "" : name;
            engine = engine == null ? "" : engine;
            database = database == null || database.isBlank() ? "postgres" : database;
        }
    }

    /**
     * @param idleTimeout       a session without a command for this long is closed and its clone destroyed
     * @param cloneReadyTimeout how long a new clone may take to become ready
     * @param key               the secret clone passwords are derived from (usually {@code ${JOE_SESSION_KEY}});
     *                          without it sessions do not survive a restart of Joe
     */
    public record Sessions(String idleTimeout, String cloneReadyTimeout, String key) {
        public Sessions {
            idleTimeout = idleTimeout == null ? "30m" : idleTimeout;
            cloneReadyTimeout = cloneReadyTimeout == null ? "10m" : cloneReadyTimeout;
            key = key == null ? "" : key;
        }

        public Duration idle() {
            return Durations.parse(idleTimeout);
        }

        public Duration cloneReady() {
            return Durations.parse(cloneReadyTimeout);
        }
    }

    /** @param statementTimeout applies to every statement Joe runs in a clone */
    public record Limits(String statementTimeout, Quota quota) {
        public Limits {
            statementTimeout = statementTimeout == null ? "10m" : statementTimeout;
            quota = quota == null ? new Quota(null, null) : quota;
        }

        public Duration statement() {
            return Durations.parse(statementTimeout);
        }
    }

    /** At most {@code requests} commands per user in any {@code interval}. */
    public record Quota(Integer requests, String interval) {
        public Quota {
            requests = requests == null ? 60 : requests;
            interval = interval == null ? "1m" : interval;
        }

        public Duration window() {
            return Durations.parse(interval);
        }
    }

    /** @param retention entries older than this are deleted */
    public record History(Boolean enabled, String retention) {
        public History {
            enabled = enabled == null || enabled;
            retention = retention == null ? "30d" : retention;
        }

        public Duration kept() {
            return Durations.parse(retention);
        }
    }

    /** @param file the JSON-lines audit log; relative to stateDir unless absolute */
    public record Audit(Boolean enabled, String file) {
        public Audit {
            enabled = enabled == null || enabled;
            file = file == null || file.isBlank() ? "audit.jsonl" : file;
        }
    }

    /** The insight thresholds (see {@link Thresholds}); an absent key keeps its default. */
    public record Insights(Long seqScanBlocks, Long readBlocks, Long hitBlocks, Long rowsWithoutLimit,
                           Long tempWrittenBlocks, Long indexFilterRemovedRows, Long heapFetches,
                           Double estimateFactor, Long estimateMinRows, Double estimateMinTimeShare,
                           Long lossyBlocks, Long nestedLoopLoops, Double jitShare) {
        static final Insights DEFAULTS = new Insights(null, null, null, null, null, null, null, null, null, null, null,
                null, null);

        public Thresholds thresholds() {
            Thresholds d = Thresholds.defaults();
            return new Thresholds(or(seqScanBlocks, d.seqScanBlocks()), or(readBlocks, d.readBlocks()),
                    or(hitBlocks, d.hitBlocks()), or(rowsWithoutLimit, d.rowsWithoutLimit()),
                    or(tempWrittenBlocks, d.tempWrittenBlocks()), or(indexFilterRemovedRows, d.indexFilterRemovedRows()),
                    or(heapFetches, d.heapFetches()), or(estimateFactor, d.estimateFactor()),
                    or(estimateMinRows, d.estimateMinRows()), or(estimateMinTimeShare, d.estimateMinTimeShare()),
                    or(lossyBlocks, d.lossyBlocks()), or(nestedLoopLoops, d.nestedLoopLoops()), or(jitShare, d.jitShare()));
        }

        private static <T> T or(T value, T fallback) {
            return value == null ? fallback : value;
        }
    }

    /**
     * Slack's Events API endpoint ({@code POST /slack/events}); the section's presence turns it on.
     *
     * @param signingSecret the app's signing secret, which Slack signs every request with
     * @param botToken      the bot token ({@code xoxb-…}) Joe answers with through the Web API
     * @param apiUrl        the Web API's base URL; another address only for tests and proxies
     */
    public record Slack(String signingSecret, String botToken, String apiUrl) {
        public static final String DEFAULT_API_URL = "https://slack.com/api";

        public Slack {
            signingSecret = signingSecret == null ? "" : signingSecret;
            botToken = botToken == null ? "" : botToken;
            apiUrl = apiUrl == null || apiUrl.isBlank() ? DEFAULT_API_URL : apiUrl;
        }
    }

    /**
     * The Platform Joe registers with and sends its history to; the section's presence turns it on.
     *
     * @param url       the Platform's address ({@code https://platform.example.com})
     * @param token     an organization's API token of the Platform ({@code dbp_…}; usually {@code ${PLATFORM_TOKEN}})
     * @param name      this Joe's name in the organization (default: {@code joe})
     * @param caFile    a PEM file of the authorities that sign the Platform's certificate, when not the JVM's
     * @param joeUrl    where the Platform reaches Joe's API (default: {@code server.host} and {@code server.port})
     */
    public record Platform(String url, String token, String name, String caFile, String joeUrl) {
        public Platform {
            url = url == null ? "" : url;
            token = token == null ? "" : token;
            name = name == null || name.isBlank() ? "joe" : name;
            caFile = caFile == null || caFile.isBlank() ? null : caFile;
            joeUrl = joeUrl == null || joeUrl.isBlank() ? null : joeUrl;
        }
    }

    public Optional<Platform> platformLink() {
        return Optional.ofNullable(platform);
    }

    /** Where the Platform reaches Joe: {@code platform.joeUrl}, else Joe's own listen address. */
    public String advertisedUrl() {
        return platformLink().map(Platform::joeUrl).orElseGet(() -> (server.tls().enabled() ? "https://" : "http://")
                + (server.host().contains(":") ? "[" + server.host() + "]" : server.host()) + ":" + server.port());
    }

    public Optional<Slack> slackEndpoint() {
        return Optional.ofNullable(slack);
    }

    /** The channel's own entry, else the {@value #ANY_CHANNEL} entry. */
    public Optional<Channel> route(String channel) {
        return channels.stream().filter(c -> c.name().equals(channel)).findFirst()
                .or(() -> channels.stream().filter(c -> c.name().equals(ANY_CHANNEL)).findFirst());
    }

    public Optional<Engine> engine(String name) {
        return engines.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    public Path auditFile() {
        return Path.of(stateDir).resolve(audit.file());
    }
}
