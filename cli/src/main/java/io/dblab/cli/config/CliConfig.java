package io.dblab.cli.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Contents of {@code ~/.dblab/cli.yml}: the engines ("environments") the CLI knows and which one
 * commands talk to. Keys follow the reference CLI's file so both read the same settings.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CliConfig(
        @JsonProperty("current_environment") String currentEnvironment,
        @JsonProperty("environments") Map<String, Environment> environments) {

    public CliConfig {
        environments = environments == null ? Map.of() : Map.copyOf(environments);
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
            @JsonProperty("branching") Branching branching) {

        public Environment(String url, String token, boolean insecure, String requestTimeout) {
            this(url, token, insecure, requestTimeout, null);
        }

        public Environment withCurrentBranch(String branch) {
            return new Environment(url, token, insecure, requestTimeout, new Branching(branch));
        }
    }

    /** The branching context of an environment, under the reference CLI's key. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Branching(@JsonProperty("current_branch") String currentBranch) {}

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
        return new CliConfig(id, updated);
    }
}
