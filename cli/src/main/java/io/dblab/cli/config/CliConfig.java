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

    /** One engine's connection settings; {@code requestTimeout} is written like {@code 30s}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Environment(
            @JsonProperty("url") String url,
            @JsonProperty("token") String token,
            @JsonProperty("insecure") boolean insecure,
            @JsonProperty("request_timeout") String requestTimeout) {}

    public Optional<Environment> current() {
        return Optional.ofNullable(currentEnvironment).map(environments::get);
    }

    /** A copy with {@code environment} stored under {@code id} and made the current one. */
    public CliConfig withCurrent(String id, Environment environment) {
        Map<String, Environment> updated = new TreeMap<>(environments);
        updated.put(id, environment);
        return new CliConfig(id, updated);
    }
}
