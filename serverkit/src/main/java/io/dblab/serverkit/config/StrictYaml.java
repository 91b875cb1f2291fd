package io.dblab.serverkit.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
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
 * name the key, {@code ${VAR}} takes a value from the environment, a repeated key is refused, and
 * YAML anchors, aliases and merge keys are expanded (see {@link YamlTree}). Every failure is a
 * {@link ConfigException} with a one-line message.
 */
public final class StrictYaml {
    private static final YAMLMapper YAML = new YAMLMapper();

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
        return bindTree(readTree(yaml, source), env, source, type);
    }

    /**
     * The file's YAML tree with aliases and merge keys expanded, for a caller that rewrites it before
     * {@link #bindTree}. An empty file (or one with only comments) is an empty mapping: every key
     * takes its default.
     */
    public static JsonNode readTree(String yaml, String source) {
        try {
            JsonNode root = YamlTree.read(yaml, source);
            return root == null || root.isNull() ? YAML.createObjectNode() : root;
        } catch (JsonProcessingException e) {
            throw new ConfigException("cannot parse " + source + ": " + syntaxProblem(e), e);
        } catch (IOException e) {
            throw new ConfigException("cannot parse " + source + ": " + e, e);
        }
    }

    /** Binds a tree from {@link #readTree} (values still hold their {@code ${VAR}} references) to {@code type}. */
    public static <T> T bindTree(JsonNode root, Map<String, String> env, String source, Class<T> type) {
        return new StrictBinder(new VariableExpander(env, source), source).bind(root, type);
    }

    /**
     * The value with its {@code ${VAR}} references replaced, as binding would replace them, for a
     * caller that needs a value before binding; {@code key} names it in messages.
     */
    public static String expand(String value, Map<String, String> env, String source, String key) {
        return new VariableExpander(env, source).expand(value, key);
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
