package io.dblab.serverkit.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a configuration file into records strictly: unknown keys and wrong types are errors that
 * name the key, {@code ${VAR}} takes a value from the environment, a repeated key or a YAML alias is
 * refused. Every failure is a {@link ConfigException} with a one-line message.
 */
public final class StrictYaml {
    // Without duplicate detection a repeated key would silently win over the first one.
    private static final YAMLMapper YAML = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private StrictYaml() {}

    /** The file's text; a missing or unreadable file is a {@link ConfigException}. */
    public static String readFile(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("cannot read " + file + ": no such file", e);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e, e);
        }
    }

    /**
     * Binds YAML text to {@code type}, a record whose compact constructors fill the defaults.
     * {@code source} names the file in messages.
     */
    public static <T> T bind(String yaml, Map<String, String> env, String source, Class<T> type) {
        JsonNode root = readTree(yaml, source);
        // An empty file (or one with only comments) is an empty mapping: every key takes its default.
        JsonNode document = root.isMissingNode() || root.isNull() ? YAML.createObjectNode() : root;
        return new StrictBinder(new VariableExpander(env, source), source).bind(document, type);
    }

    /**
     * Binds and then checks the result with {@code validator}, which returns the problems found, each
     * a sentence that starts with its key; any problem makes one {@link ConfigException} naming them all.
     */
    public static <T> T bindValid(String yaml, Map<String, String> env, String source, Class<T> type,
                                  Function<T, List<String>> validator) {
        return requireValid(bind(yaml, env, source, type), source, validator);
    }

    /** The configuration as it is when {@code validator} finds no problem in it. */
    public static <T> T requireValid(T config, String source, Function<T, List<String>> validator) {
        List<String> errors = validator.apply(config);
        if (!errors.isEmpty()) {
            throw new ConfigException(source + ": " + String.join("; ", errors));
        }
        return config;
    }

    private static JsonNode readTree(String yaml, String source) {
        try {
            rejectAliases(yaml, source);
            return YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException("cannot parse " + source + ": " + syntaxProblem(e), e);
        } catch (IOException e) {
            throw new ConfigException("cannot parse " + source + ": " + e, e);
        }
    }

    // Jackson does not resolve YAML aliases: "*base" would reach the config as the text "base".
    private static void rejectAliases(String yaml, String source) throws IOException {
        try (YAMLParser parser = YAML.getFactory().createParser(yaml)) {
            while (parser.nextToken() != null) {
                if (parser.isCurrentAlias()) {
                    throw new ConfigException("YAML aliases are not supported in " + source + ": '*"
                            + parser.getText() + "' at line " + parser.currentLocation().getLineNr());
                }
            }
        }
    }

    /** SnakeYAML's messages span several lines with a source excerpt; keep only the problem and its place. */
    private static String syntaxProblem(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException y && y.getProblemMark() != null) {
            return y.getProblem() + " at line " + (y.getProblemMark().getLine() + 1)
                    + ", column " + (y.getProblemMark().getColumn() + 1);
        }
        JsonLocation at = e.getLocation();
        String problem = e.getOriginalMessage();
        return at == null ? problem : problem + " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }
}
