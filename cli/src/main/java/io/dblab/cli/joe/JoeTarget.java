package io.dblab.cli.joe;

import io.dblab.cli.CommandFailedException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options of every command sent to a running Joe: where it is, whose session in which channel,
 * and how to print the answer. Joe's token comes from {@code JOE_TOKEN} only, never from an
 * argument, which {@code ps} would show to everyone on the machine.
 */
public final class JoeTarget {
    public static final String URL_ENV = "JOE_URL";
    public static final String TOKEN_ENV = "JOE_TOKEN";
    static final String DEFAULT_URL = "http://127.0.0.1:2400";
    static final String DEFAULT_CHANNEL = "cli";

    @Option(names = "--joe", paramLabel = "URL", description = "Joe's address (env " + URL_ENV + "; default " + DEFAULT_URL + ")")
    private String url;

    @Option(names = "--user", paramLabel = "NAME", description = "whose session (default: your OS user name)")
    private String user;

    @Option(names = "--channel", paramLabel = "NAME", defaultValue = DEFAULT_CHANNEL,
            description = "the channel: which database Joe's configuration gives it; a session per user and channel"
                    + " (default: ${DEFAULT-VALUE})")
    private String channel;

    @Option(names = "--json", description = "print Joe's JSON answer (text, plan, summary, insights, flame-graph link)")
    private boolean json;

    URI url(Map<String, String> env) {
        String chosen = url != null ? url : env.getOrDefault(URL_ENV, "").isBlank() ? DEFAULT_URL : env.get(URL_ENV);
        try {
            URI uri = new URI(chosen.endsWith("/") ? chosen.substring(0, chosen.length() - 1) : chosen);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // said below
        }
        throw new CommandFailedException("Joe's address must be http://HOST:PORT or https://HOST:PORT, got '" + chosen + "'");
    }

    static String token(Map<String, String> env) {
        String token = env.get(TOKEN_ENV);
        if (token == null || token.isBlank()) {
            throw new CommandFailedException(TOKEN_ENV + " is not set: export " + TOKEN_ENV + "=<Joe's API token> (the"
                    + " CLI reads it only from the environment, so that ps does not show it)");
        }
        return token;
    }

    String user() {
        return user != null ? user : System.getProperty("user.name");
    }

    String channel() {
        return channel;
    }

    boolean json() {
        return json;
    }
}
