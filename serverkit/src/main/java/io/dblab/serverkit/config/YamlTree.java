package io.dblab.serverkit.config;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Reads the first YAML document into a tree with anchors ({@code &name}), aliases ({@code *name})
 * and merge keys ({@code <<: *name}, {@code <<: [*a, *b]}) expanded, as Go's YAML reader does for
 * the reference's configs. Scalars are typed exactly as Jackson types them. A key written twice
 * in one mapping is an error; {@code <<} may appear more than once. Keys written in a mapping
 * win over merged ones, and among merged mappings the first one to bring a key wins.
 *
 * <p>Jackson's parser types the scalars but loses the anchors of scalars, so SnakeYAML's events of
 * the same text are read alongside, one event for each token, for their anchors.
 */
final class YamlTree {
    static final String MERGE_KEY = "<<";
    /** Nodes that aliases may add, so that a few nested aliases cannot make a tree of billions. */
    private static final int MAX_EXPANDED_NODES = 100_000;
    private static final YAMLFactory FACTORY = new YAMLFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final YAMLParser parser;
    private final Parser events;
    private final String source;
    private final Map<String, Anchored> anchors = new HashMap<>();
    private int expandedNodes;

    private record Anchored(JsonNode node, int size) {}

    private YamlTree(YAMLParser parser, Parser events, String source) {
        this.parser = parser;
        this.events = events;
        this.source = source;
    }

    /** The document's root, or null for an empty document. */
    static JsonNode read(String yaml, String source) throws IOException {
        try (YAMLParser parser = FACTORY.createParser(yaml)) {
            if (parser.nextToken() == null) {
                return null;
            }
            return new YamlTree(parser, new ParserImpl(new StreamReader(yaml), new LoaderOptions()), source).value();
        }
    }

    /** The value at the current token, anchored under its name when it carries one. */
    private JsonNode value() throws IOException {
        Event event = event();
        if (parser.isCurrentAlias()) {
            return alias(parser.getText());
        }
        String anchor = event instanceof NodeEvent node && !(event instanceof AliasEvent) ? node.getAnchor() : null;
        JsonNode node = switch (parser.currentToken()) {
            case START_OBJECT -> mapping();
            case START_ARRAY -> sequence();
            default -> scalar();
        };
        if (anchor != null) {
            anchors.put(anchor, new Anchored(node, size(node)));
        }
        return node;
    }

    private JsonNode alias(String name) {
        Anchored anchored = anchors.get(name);
        if (anchored == null) {
            // An alias inside its own anchor's value lands here as well: the anchor is complete only after it.
            throw new ConfigException("unknown YAML alias '*" + name + "' in " + source + " at line " + line()
                    + ": an alias must follow its anchor '&" + name + "', outside the anchored value");
        }
        expandedNodes += anchored.size();
        if (expandedNodes > MAX_EXPANDED_NODES) {
            throw new ConfigException("YAML aliases in " + source + " expand to more than " + MAX_EXPANDED_NODES
                    + " values (at line " + line() + ")");
        }
        return anchored.node().deepCopy();
    }

    private ObjectNode mapping() throws IOException {
        ObjectNode written = NODES.objectNode();
        List<JsonNode> merged = new ArrayList<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            event();
            String name = parser.currentName();
            int line = line();
            parser.nextToken();
            JsonNode value = value();
            if (name.equals(MERGE_KEY)) {
                merged.add(value);
            } else if (written.has(name)) {
                throw new ConfigException("cannot parse " + source + ": Duplicate field '" + name + "' at line " + line);
            } else {
                written.set(name, value);
            }
        }
        event();
        for (JsonNode value : merged) {
            mergeInto(written, value);
        }
        return written;
    }

    /** Adds the keys of a merged mapping (or of each mapping in a list) that the target does not have yet. */
    private void mergeInto(ObjectNode target, JsonNode merged) {
        if (merged.isArray()) {
            for (JsonNode item : merged) {
                requireMapping(item);
                mergeInto(target, item);
            }
            return;
        }
        requireMapping(merged);
        merged.properties().forEach(field -> {
            if (!target.has(field.getKey())) {
                target.set(field.getKey(), field.getValue());
            }
        });
    }

    private void requireMapping(JsonNode merged) {
        if (!merged.isObject()) {
            throw new ConfigException("cannot parse " + source + ": a merge key '<<' takes a mapping or a list of"
                    + " mappings (near line " + line() + ")");
        }
    }

    private ArrayNode sequence() throws IOException {
        ArrayNode items = NODES.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            items.add(value());
        }
        event();
        return items;
    }

    private JsonNode scalar() throws IOException {
        return switch (parser.currentToken()) {
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new ConfigException("cannot parse " + source + ": unexpected " + parser.currentToken()
                    + " at line " + line());
        };
    }

    /** SnakeYAML's event for the current token: the stream's and documents' own events are skipped. */
    private Event event() {
        while (events.checkEvent(Event.ID.StreamStart) || events.checkEvent(Event.ID.DocumentStart)) {
            events.getEvent();
        }
        return events.getEvent();
    }

    private int line() {
        return parser.currentTokenLocation().getLineNr();
    }

    private static int size(JsonNode node) {
        int size = 1;
        for (JsonNode child : node) {
            size += size(child);
        }
        return size;
    }
}
