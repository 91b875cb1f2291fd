package io.dblab.engine.masking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.dblab.serverkit.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads a masking rules file as strictly as server.yml is read: an unknown key, a value of the wrong
 * YAML type, a duplicate key or an alias is an error that names the key path
 * ({@code rules[2].acton}). A rule that names no valid column or action must stop retrieval,
 * because silently skipping it would publish the column unmasked.
 *
 * <pre>
 * rules:
 *   - {column: public.users.email, action: email}
 *   - {column: public.users.card, action: partial, keep: 4}
 * scripts:
 *   - {sql: "DELETE FROM audit_log"}
 *   - {sqlFile: extra.sql, database: app}
 *   - {shell: "psql -c 'TRUNCATE sessions'"}
 * </pre>
 */
public final class MaskingRulesReader {
    private static final YAMLMapper YAML = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final Set<String> TOP = Set.of("rules", "scripts");
    private static final Set<String> RULE = Set.of("column", "action", "value", "keep");
    private static final Set<String> SCRIPT = Set.of("sql", "sqlFile", "shell", "database");

    private final String source;
    private final Path dir;

    private MaskingRulesReader(String source, Path dir) {
        this.source = source;
        this.dir = dir;
    }

    public static MaskingRules load(Path file) {
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read masking rules " + file + ": " + e.getMessage(), e);
        }
        Path dir = file.toAbsolutePath().getParent();
        return new MaskingRulesReader(String.valueOf(file.getFileName()), dir).parse(yaml);
    }

    /** Parses rules text; {@code sqlFile} paths are relative to {@code dir}. */
    public static MaskingRules parse(String yaml, String source, Path dir) {
        return new MaskingRulesReader(source, dir).parse(yaml);
    }

    private MaskingRules parse(String yaml) {
        JsonNode root = readTree(yaml);
        if (root.isMissingNode() || root.isNull()) {
            root = YAML.createObjectNode();
        }
        requireMapping(root, "", TOP);
        List<MaskingRule> rules = new ArrayList<>();
        JsonNode ruleNodes = list(root.get("rules"), "rules");
        for (int i = 0; i < ruleNodes.size(); i++) {
            rules.add(rule(ruleNodes.get(i), i));
        }
        List<MaskingScript> scripts = new ArrayList<>();
        JsonNode scriptNodes = list(root.get("scripts"), "scripts");
        for (int i = 0; i < scriptNodes.size(); i++) {
            scripts.add(script(scriptNodes.get(i), i));
        }
        return new MaskingRules(rules, scripts, dir);
    }

    private MaskingRule rule(JsonNode node, int index) {
        String path = "rules[" + index + "]";
        requireMapping(node, path, RULE);
        String columnText = requiredString(node, path, "column");
        ColumnRef column;
        try {
            column = ColumnRef.parse(columnText);
        } catch (IllegalArgumentException e) {
            throw error("invalid value for '" + path + ".column' in " + source + ": " + e.getMessage());
        }
        if (!node.has("action")) {
            throw error("missing key '" + path + ".action' in " + source);
        }
        // "action: null" unquoted is YAML's null; it means the null action (an empty value too: that
        // masks more, never less).
        String actionText = node.get("action").isNull() ? "null" : requiredString(node, path, "action");
        MaskAction action = MaskAction.fromYaml(actionText).orElseThrow(() -> error("invalid value for '" + path
                + ".action' in " + source + ": '" + actionText + "' is not one of " + MaskAction.choices()));
        String value = optionalString(node, path, "value");
        Integer keep = optionalInt(node, path, "keep");
        if (action == MaskAction.FIXED && value == null) {
            throw error("missing key '" + path + ".value' in " + source + ": action fixed needs a value");
        }
        if (action != MaskAction.FIXED && value != null) {
            throw error("key '" + path + ".value' in " + source + " is only for action fixed");
        }
        if (action == MaskAction.PARTIAL && (keep == null || keep < 1)) {
            throw error("'" + path + ".keep' in " + source + " must be an integer of at least 1 for action partial");
        }
        if (action != MaskAction.PARTIAL && keep != null) {
            throw error("key '" + path + ".keep' in " + source + " is only for action partial");
        }
        if (value != null && value.indexOf('\0') >= 0) {
            throw error("invalid value for '" + path + ".value' in " + source + ": NUL characters are not allowed");
        }
        return new MaskingRule(index + 1, column, action, value, keep == null ? 0 : keep);
    }

    private MaskingScript script(JsonNode node, int index) {
        String path = "scripts[" + index + "]";
        requireMapping(node, path, SCRIPT);
        String sql = optionalString(node, path, "sql");
        String sqlFile = optionalString(node, path, "sqlFile");
        String shell = optionalString(node, path, "shell");
        String database = optionalString(node, path, "database");
        int given = (sql == null ? 0 : 1) + (sqlFile == null ? 0 : 1) + (shell == null ? 0 : 1);
        if (given != 1) {
            throw error("'" + path + "' in " + source + " must have exactly one of sql, sqlFile, shell");
        }
        database = database == null || database.isBlank() ? "postgres" : database;
        if (shell != null) {
            return new MaskingScript(index + 1, MaskingScript.Kind.SHELL, shell, database);
        }
        if (sqlFile != null) {
            Path file = dir.resolve(sqlFile);
            try {
                sql = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw error("cannot read '" + path + ".sqlFile' " + file + " named in " + source + ": " + e.getMessage());
            }
        }
        return new MaskingScript(index + 1, MaskingScript.Kind.SQL, sql, database);
    }

    private JsonNode readTree(String yaml) {
        try {
            rejectAliases(yaml);
            return YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw error("cannot parse " + source + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw error("cannot parse " + source + ": " + e.getMessage());
        }
    }

    // Jackson does not resolve YAML aliases: "*base" would arrive as the text "base".
    private void rejectAliases(String yaml) throws IOException {
        try (YAMLParser parser = YAML.getFactory().createParser(yaml)) {
            while (parser.nextToken() != null) {
                if (parser.isCurrentAlias()) {
                    throw error("YAML aliases are not supported in " + source + ": '*" + parser.getText()
                            + "' at line " + parser.currentLocation().getLineNr());
                }
            }
        }
    }

    private void requireMapping(JsonNode node, String path, Set<String> known) {
        if (node == null || !node.isObject()) {
            throw error("wrong type for " + (path.isEmpty() ? "the top level" : "'" + path + "'") + " in " + source
                    + ": expected a mapping");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw error("unknown key '" + (path.isEmpty() ? name : path + "." + name) + "' in " + source);
            }
        }
    }

    private JsonNode list(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return YAML.createArrayNode();
        }
        if (!node.isArray()) {
            throw error("wrong type for '" + path + "' in " + source + ": expected a list");
        }
        return node;
    }

    private String requiredString(JsonNode node, String path, String key) {
        String value = optionalString(node, path, key);
        if (value == null || value.isBlank()) {
            throw error("missing key '" + path + "." + key + "' in " + source);
        }
        return value;
    }

    private String optionalString(JsonNode node, String path, String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            // YAML reads 0123 as 83 and yes as true: converting back would change the value.
            throw error("wrong type for '" + path + "." + key + "' in " + source + ": expected a string (quote the value)");
        }
        return value.textValue();
    }

    private Integer optionalInt(JsonNode node, String path, String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw error("wrong type for '" + path + "." + key + "' in " + source + ": expected an integer");
        }
        return value.intValue();
    }

    private static ConfigException error(String message) {
        return new ConfigException(message);
    }
}
