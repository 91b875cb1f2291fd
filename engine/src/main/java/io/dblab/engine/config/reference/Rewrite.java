package io.dblab.engine.config.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dblab.serverkit.config.ConfigException;
import io.dblab.serverkit.config.StrictYaml;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tree being rewritten from the reference's layout into ours, and what the rewriting found:
 * where each of our keys came from (so that a key set two ways with different values is an error
 * naming both), the ignored keys grouped by the reason they are ignored.
 */
final class Rewrite {
    private final ObjectNode root;
    private final Map<String, String> env;
    private final String source;
    /** Our key (dotted) -> the reference key it was taken from. */
    private final Map<String, String> origins = new HashMap<>();
    /** Reason -> the keys ignored for it, in the order met. */
    private final Map<String, List<String>> ignored = new LinkedHashMap<>();

    /** One key of a reference-only mapping, handled with its value and full path. */
    interface Field {
        void read(JsonNode value, String path);
    }

    Rewrite(ObjectNode root, Map<String, String> env, String source) {
        this.root = root;
        this.env = env;
        this.source = source;
    }

    ObjectNode root() {
        return root;
    }

    Map<String, String> env() {
        return env;
    }

    /** The mapping at {@code name} of our tree, or null; a value that is not a mapping is left to the binder. */
    ObjectNode section(String name) {
        return root.get(name) instanceof ObjectNode section ? section : null;
    }

    /** Removes and returns a reference key of a shared section, or null when it is not written. */
    static JsonNode take(ObjectNode section, String name) {
        return section == null ? null : section.remove(name);
    }

    static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /**
     * Walks a mapping that exists only in the reference's layout: each key must be one of {@code
     * fields}, whose handler gets its value; an empty value ({@code key:} alone) means the defaults.
     */
    void each(JsonNode mapping, String path, Map<String, Field> fields) {
        if (isEmpty(mapping)) {
            return;
        }
        if (!mapping.isObject()) {
            throw wrongType(path, "a mapping");
        }
        for (Map.Entry<String, JsonNode> field : mapping.properties()) {
            Field handler = fields.get(field.getKey());
            if (handler == null) {
                throw unknown(child(path, field.getKey()));
            }
            handler.read(field.getValue(), child(path, field.getKey()));
        }
    }

    /** Each key of a mapping of names the reference does not fix (settings, databases, variables). */
    void entries(JsonNode mapping, String path, Field handler) {
        if (isEmpty(mapping)) {
            return;
        }
        if (!mapping.isObject()) {
            throw wrongType(path, "a mapping");
        }
        mapping.properties().forEach(entry -> handler.read(entry.getValue(), child(path, entry.getKey())));
    }

    /** {@link #each} for a mapping whose keys all have the same handling but for the named ones. */
    static Map<String, Field> fields(Set<String> names, Field handler) {
        Map<String, Field> fields = new HashMap<>();
        names.forEach(name -> fields.put(name, handler));
        return fields;
    }

    /**
     * Sets our key {@code target} (its parts) to {@code value}, taken from the reference key {@code
     * from}. The same value set twice is fine; a different one, or one our own key already holds,
     * is an error naming both.
     */
    void set(String from, JsonNode value, String... target) {
        ObjectNode parent = root;
        for (int i = 0; i < target.length - 1; i++) {
            JsonNode next = parent.get(target[i]);
            if (next == null || next.isNull()) {
                next = parent.putObject(target[i]);
            } else if (!next.isObject()) {
                throw wrongType(String.join(".", Arrays.copyOf(target, i + 1)), "a mapping");
            }
            parent = (ObjectNode) next;
        }
        String key = String.join(".", target);
        String name = target[target.length - 1];
        JsonNode existing = parent.get(name);
        if (existing != null && !existing.isNull() && !existing.equals(value)) {
            String other = origins.getOrDefault(key, key);
            throw new ConfigException("'" + from + "' and '" + other + "' in " + source + " set " + key
                    + " to different values: keep one of them");
        }
        parent.set(name, value);
        origins.putIfAbsent(key, from);
    }

    /** The value our tree holds at {@code target}, or null. */
    JsonNode get(String... target) {
        JsonNode node = root;
        for (String part : target) {
            node = node == null ? null : node.get(part);
        }
        return node == null || node.isNull() ? null : node;
    }

    /** A scalar's text with its {@code ${VAR}} references replaced, for values the rewriting must read. */
    String text(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return "";
        }
        if (!node.isValueNode()) {
            throw wrongType(path, "a value");
        }
        if (!node.isTextual()) {
            return node.asText();
        }
        String value = StrictYaml.expand(node.textValue(), env, source, path);
        // The value is written into our tree, whose binding expands references again.
        if (value.contains("${")) {
            throw new ConfigException("the value of '" + path + "' in " + source + " holds '${' after the environment's"
                    + " values were put in, which cannot be written here");
        }
        return value;
    }

    boolean flag(JsonNode node, String path) {
        String text = text(node, path);
        if (text.isEmpty() || text.equals("false")) {
            return false;
        }
        if (text.equals("true")) {
            return true;
        }
        throw wrongType(path, "true or false");
    }

    int integer(JsonNode node, String path) {
        String text = text(node, path);
        if (!text.matches("\\d{1,9}")) {
            throw wrongType(path, "a whole number");
        }
        return Integer.parseInt(text);
    }

    /** The texts of a list (an empty value is an empty list). */
    List<String> texts(JsonNode node, String path) {
        List<String> texts = new ArrayList<>();
        if (isEmpty(node)) {
            return texts;
        }
        if (!node.isArray()) {
            throw wrongType(path, "a list");
        }
        for (int i = 0; i < node.size(); i++) {
            texts.add(text(node.get(i), path + "[" + i + "]"));
        }
        return texts;
    }

    /** Accepts the key without effect here, with a warning line that says why. */
    void ignore(String path, String why) {
        ignored.computeIfAbsent(why, reason -> new ArrayList<>()).add(path);
    }

    /** {@link #ignore} unless the value is empty or the default, which change nothing either way. */
    void ignoreUnlessEmpty(JsonNode value, String path, String why) {
        if (!isEmpty(value)) {
            ignore(path, why);
        }
    }

    /** A key whose meaning this engine does not implement, and whose effect would be missed: an error. */
    ConfigException refuse(String path, String why) {
        return new ConfigException("'" + path + "' in " + source + " is not supported: " + why);
    }

    ConfigException unknown(String path) {
        return new ConfigException("unknown key '" + path + "' in " + source);
    }

    ConfigException wrongType(String path, String expected) {
        return new ConfigException("wrong type for '" + path + "' in " + source + ": expected " + expected);
    }



    /** One line per reason: "ignored: key, key: why". */
    List<String> warnings() {
        return ignored.entrySet().stream().map(e -> "ignored: " + String.join(", ", e.getValue()) + ": " + e.getKey())
                .toList();
    }

    /** Absent, {@code key:} alone, {@code ""}, {@code []} or {@code {}}. */
    static boolean isEmpty(JsonNode node) {
        return node == null || node.isNull() || (node.isTextual() && node.textValue().isEmpty())
                || (node.isContainerNode() && node.isEmpty());
    }
}
