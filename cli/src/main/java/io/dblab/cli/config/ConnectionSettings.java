package io.dblab.cli.config;

import io.dblab.client.DblabClient;
import io.dblab.serverkit.config.Durations;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where and how to reach an engine. Each setting comes from the first source that has it: the
 * command line, then the environment variables the reference CLI reads, then cli.yml.
 */
public record ConnectionSettings(URI url, String token, boolean insecure, Duration requestTimeout,
                                 String refusedTokenAdvice) {
    public static final String URL_ENV = "DBLAB_INSTANCE_URL";
    public static final String TOKEN_ENV = "DBLAB_VERIFICATION_TOKEN";
    public static final String INSECURE_ENV = "DBLAB_INSECURE_SKIP_VERIFY";
    public static final String REQUEST_TIMEOUT_ENV = "DBLAB_REQUEST_TIMEOUT";
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** Settings for talking to an engine; fails with advice when no URL is known at all. */
    public static ConnectionSettings resolve(ConnectionFlags flags, Map<String, String> env, CliConfig config) {
        Optional<CliConfig.Environment> saved = config.current();
        String url = first(flags.url(), env.get(URL_ENV), saved.map(CliConfig.Environment::url).orElse(null));
        if (url == null) {
            throw new IllegalArgumentException("no engine URL: pass --url, set " + URL_ENV + " or run 'dblab init'");
        }
        String savedToken = saved.map(CliConfig.Environment::token).orElse(null);
        String token = first(flags.token(), env.get(TOKEN_ENV), savedToken);
        return new ConnectionSettings(parseUrl(url), token == null ? "" : token,
                insecure(flags, env, saved), requestTimeout(flags, env, saved),
                refusedTokenAdvice(flags.token(), env.get(TOKEN_ENV), savedToken));
    }

    /**
     * What to do when the engine refuses the token, by where the token came from. A token saved by
     * {@code dblab init} goes stale when the engine gets a new one: the demo makes a new one on
     * every start.
     */
    private static String refusedTokenAdvice(String fromFlag, String fromEnv, String fromFile) {
        if (first(fromFlag) != null) {
            return "check --token";
        }
        if (first(fromEnv) != null) {
            return "check " + TOKEN_ENV;
        }
        if (first(fromFile) != null) {
            return "the token that 'dblab init' saved is not (or no longer) this engine's. A './dblab demo' makes a"
                    + " new token each time it starts: run the 'dblab init' line it printed, or"
                    + " 'dblab init --url URL --token TOKEN' with the engine's current token";
        }
        return "no token was given: pass --token, set " + TOKEN_ENV + " or run 'dblab init --url URL --token TOKEN'";
    }

    /**
     * What {@code dblab init} saves: only what is given now (flags, environment), not what was saved
     * before. The request timeout is saved only when given, so the default stays a default.
     */
    public static CliConfig.Environment toSave(ConnectionFlags flags, Map<String, String> env) {
        ConnectionSettings settings = resolve(flags, env, CliConfig.empty());
        boolean timeoutGiven = flags.requestTimeout() != null || first(env.get(REQUEST_TIMEOUT_ENV)) != null;
        return new CliConfig.Environment(settings.url().toString(), settings.token(), settings.insecure(),
                timeoutGiven ? Durations.format(settings.requestTimeout()) : null);
    }

    /** The same settings for the engine reached at another URL (through a tunnel). */
    /** The API's port: the URL's, or its scheme's default. */
    public int port() {
        return url.getPort() >= 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }

    public ConnectionSettings withUrl(URI other) {
        return new ConnectionSettings(other, token, insecure, requestTimeout, refusedTokenAdvice);
    }

    public DblabClient newClient() {
        return new DblabClient(url, token, requestTimeout, insecure, refusedTokenAdvice);
    }

    private static boolean insecure(ConnectionFlags flags, Map<String, String> env,
                                    Optional<CliConfig.Environment> saved) {
        if (flags.insecure() != null) {
            return flags.insecure();
        }
        String fromEnv = first(env.get(INSECURE_ENV));
        return fromEnv != null ? parseBoolean(INSECURE_ENV, fromEnv) : saved.map(CliConfig.Environment::insecure).orElse(false);
    }

    private static Duration requestTimeout(ConnectionFlags flags, Map<String, String> env,
                                           Optional<CliConfig.Environment> saved) {
        if (flags.requestTimeout() != null) {
            return flags.requestTimeout();
        }
        String fromEnv = first(env.get(REQUEST_TIMEOUT_ENV));
        if (fromEnv != null) {
            return parseDuration(REQUEST_TIMEOUT_ENV, fromEnv);
        }
        String fromFile = first(saved.map(CliConfig.Environment::requestTimeout).orElse(null));
        return fromFile != null ? parseDuration("request_timeout in cli.yml", fromFile) : DEFAULT_REQUEST_TIMEOUT;
    }

    private static URI parseUrl(String text) {
        try {
            URI uri = new URI(text.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below with the expected form
        }
        throw new IllegalArgumentException("invalid engine URL '" + text + "': expected http(s)://HOST[:PORT]");
    }

    private static Duration parseDuration(String source, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    /** Accepts the spellings Go's strconv.ParseBool does, since the reference CLI reads this variable with it. */
    private static boolean parseBoolean(String name, String value) {
        return switch (value.trim()) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw new IllegalArgumentException(name + ": must be true or false, not '" + value + "'");
        };
    }

    private static String first(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate;
            }
        }
        return null;
    }
}
