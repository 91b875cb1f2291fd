package io.dblab.cli.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Contents of the CLI's config file: the engines ("environments") the CLI knows, which one commands
 * talk to, and global settings. Keys and layout follow the reference CLI's file, so each CLI reads
 * the other's.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CliConfig(
        @JsonProperty("current_environment") String currentEnvironment,
        @JsonProperty("environments") Map<String, Environment> environments,
        @JsonProperty("settings") Settings settings) {

    public CliConfig {
        environments = environments == null ? Map.of() : Map.copyOf(environments);
        settings = settings == null ? new Settings("") : settings;
    }

    public CliConfig(String currentEnvironment, Map<String, Environment> environments) {
        this(currentEnvironment, environments, null);
    }

    public static CliConfig empty() {
        return new CliConfig(null, Map.of());
    }

    /**
     * One engine's connection settings; {@code requestTimeout} is written like {@code 30s}.
     * {@code branching} holds the branch {@code dblab switch} chose (none: {@code main}).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Environment(
            @JsonProperty("url") String url,
            @JsonProperty("token") String token,
            @JsonProperty("insecure") boolean insecure,
            @JsonProperty("request_timeout") String requestTimeout,
            @JsonProperty("forwarding") Forwarding forwarding,
            @JsonProperty("branching") Branching branching) {

        public Environment {
            forwarding = forwarding == null ? Forwarding.NONE : forwarding;
        }

        public Environment(String url, String token, boolean insecure, String requestTimeout) {
            this(url, token, insecure, requestTimeout, Forwarding.NONE, null);
        }

        public Environment withCurrentBranch(String branch) {
            return new Environment(url, token, insecure, requestTimeout, forwarding, new Branching(branch));
        }
    }

    /** Where {@code port-forward} tunnels through: an SSH server URL, the local port, the key file. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Forwarding(
            @JsonProperty("server_url") String serverUrl,
            @JsonProperty("local_port") String localPort,
            @JsonProperty("identity_file") String identityFile) {
        public static final Forwarding NONE = new Forwarding("", "", "");

        public Forwarding {
            serverUrl = serverUrl == null ? "" : serverUrl;
            localPort = localPort == null ? "" : localPort;
            identityFile = identityFile == null ? "" : identityFile;
        }
    }

    /** The branching context of an environment, under the reference CLI's key. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Branching(@JsonProperty("current_branch") String currentBranch) {}

    /** Global settings; kept as found (the reference's {@code config set-global --tz} writes them). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Settings(@JsonProperty("tz") String tz) {}

    public Optional<Environment> current() {
        return Optional.ofNullable(currentEnvironment).map(environments::get);
    }

    /** The current environment's branch, if {@code dblab switch} chose one. */
    public Optional<String> currentBranch() {
        return current().map(Environment::branching).map(Branching::currentBranch).filter(b -> !b.isEmpty());
    }

    /** A copy whose current environment is on {@code branch}; fails when there is no current environment. */
    public CliConfig withCurrentBranch(String branch) {
        Environment environment = current().orElseThrow(() -> new IllegalArgumentException(
                "no environment is saved: run 'dblab init' first, so that the CLI can remember the branch"));
        return withCurrent(currentEnvironment, environment.withCurrentBranch(branch));
    }

    /** A copy with {@code environment} stored under {@code id} and made the current one. */
    public CliConfig withCurrent(String id, Environment environment) {
        Map<String, Environment> updated = new TreeMap<>(environments);
        updated.put(id, environment);
        return new CliConfig(id, updated, settings);
    }

    /** A copy whose current environment is {@code id}, which must exist. */
    public CliConfig switchedTo(String id) {
        if (!environments.containsKey(id)) {
            throw new IllegalArgumentException("environment \"" + id + "\" not found");
        }
        return new CliConfig(id, environments, settings);
    }

    /**
     * A copy without {@code id}. When it was the current one, the first remaining environment (by
     * name) becomes current; the reference picks any.
     */
    public CliConfig without(String id) {
        if (!environments.containsKey(id)) {
            throw new IllegalArgumentException("environment \"" + id + "\" not found");
        }
        TreeMap<String, Environment> remaining = new TreeMap<>(environments);
        remaining.remove(id);
        String current = id.equals(currentEnvironment)
                ? (remaining.isEmpty() ? "" : remaining.firstKey()) : currentEnvironment;
        return new CliConfig(current, remaining, settings);
    }
}
