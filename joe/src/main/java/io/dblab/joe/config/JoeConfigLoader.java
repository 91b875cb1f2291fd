package io.dblab.joe.config;

import io.dblab.serverkit.config.ConfigException;
import io.dblab.serverkit.config.StrictYaml;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads joe.yml strictly (unknown keys and wrong types are errors that name the key, {@code ${VAR}}
 * takes a value from the environment), or makes the same configuration from the command line's
 * flags; either way the result is validated before anyone uses it. Every failure is a
 * {@link ConfigException} with a one-line message.
 */
public final class JoeConfigLoader {
    /** The engine's verification token in flag mode. */
    public static final String ENGINE_TOKEN_ENV = "DBLAB_TOKEN";
    /** Joe's own API token in flag mode. */
    public static final String JOE_TOKEN_ENV = "JOE_TOKEN";
    /** The secret clone passwords are derived from, in flag mode. */
    public static final String SESSION_KEY_ENV = "JOE_SESSION_KEY";
    /** Slack's signing secret and bot token in flag mode: either one turns the Slack endpoint on. */
    public static final String SLACK_SIGNING_SECRET_ENV = "SLACK_SIGNING_SECRET";
    public static final String SLACK_BOT_TOKEN_ENV = "SLACK_BOT_TOKEN";
    private static final String FLAG_ENGINE = "engine";

    private JoeConfigLoader() {}

    /** Loads the file, taking {@code ${VAR}} values from {@code env}. */
    public static JoeConfig load(Path file, Map<String, String> env) {
        return parse(StrictYaml.readFile(file), env, String.valueOf(file.getFileName()));
    }

    public static JoeConfig parse(String yaml, Map<String, String> env) {
        return parse(yaml, env, "joe.yml");
    }

    private static JoeConfig parse(String yaml, Map<String, String> env, String source) {
        return StrictYaml.bindValid(yaml, env, source, JoeConfig.class, JoeConfigValidator::validate);
    }

    /**
     * {@code --engine URL --db NAME [--port N] [--state-dir DIR]}: one engine for every channel, tokens
     * from the environment (Slack's too, which turn the Slack endpoint on), defaults for the rest ({@code stateDir} null for the default).
     */
    public static JoeConfig fromFlags(String engineUrl, String database, Integer port, String stateDir,
                                      Map<String, String> env) {
        JoeConfig config = new JoeConfig(
                new JoeConfig.Server(null, port == null ? 0 : port, env.get(JOE_TOKEN_ENV), null, false),
                List.of(new JoeConfig.Engine(FLAG_ENGINE, engineUrl, env.get(ENGINE_TOKEN_ENV))),
                List.of(new JoeConfig.Channel(JoeConfig.ANY_CHANNEL, FLAG_ENGINE, database)),
                new JoeConfig.Sessions(null, null, env.get(SESSION_KEY_ENV)),
                null, null, null, null, null, stateDir, slackFromEnv(env));
        return StrictYaml.requireValid(config, "the command line", JoeConfigValidator::validate);
    }

    private static JoeConfig.Slack slackFromEnv(Map<String, String> env) {
        String secret = env.get(SLACK_SIGNING_SECRET_ENV);
        String botToken = env.get(SLACK_BOT_TOKEN_ENV);
        if (secret == null && botToken == null) {
            return null;
        }
        return new JoeConfig.Slack(secret, botToken, null);
    }
}
