package io.dblab.engine.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.dblab.engine.config.ConfigOverlay;
import io.dblab.engine.config.EngineConfig;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The configuration the engine runs with (server.yml, its defaults filled in, and the keys set
 * through {@code POST /admin/config}) as YAML in server.yml's layout, every secret masked: what
 * {@code GET /admin/config.yaml} answers. A value is a secret when its key names one (a password,
 * token, secret or key, but not a key that names the environment variable holding it, such as
 * {@code passwordEnv}); a password inside a URL or connection string is masked too.
 */
public final class EffectiveConfig {
    /** What stands in for a secret that is set; an unset one stays empty, so that one can tell the two apart. */
    public static final String MASK = "****";
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|secret|token)|key");
    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^/@:\\s]*:)[^/@\\s]*@");
    private static final Pattern KEYWORD_PASSWORD = Pattern.compile("(?i)(\\bpassword\\s*=\\s*)('(?:[^'\\\\]|\\\\.)*'|\\S+)");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

    private EffectiveConfig() {}

    /** {@code overlayKeys}: the keys set through the API, named in a comment at the top. */
    public static String yaml(EngineConfig config, List<String> overlayKeys) {
        ObjectNode tree = YAML.valueToTree(config);
        mask(tree);
        StringBuilder text = new StringBuilder("# The engine's effective configuration; secrets are masked (")
                .append(MASK).append(").\n");
        if (!overlayKeys.isEmpty()) {
            text.append("# Set through POST /admin/config (").append(ConfigOverlay.FILE_NAME)
                    .append(" in stateDir, applied over server.yml): ").append(String.join(", ", overlayKeys)).append('\n');
        }
        try {
            return text.append(YAML.writeValueAsString(tree)).toString();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            object.fields().forEachRemaining(fields::add);
            for (Map.Entry<String, JsonNode> field : fields) {
                JsonNode value = field.getValue();
                if (value.isTextual()) {
                    object.put(field.getKey(), masked(field.getKey(), value.textValue()));
                } else {
                    mask(value);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isTextual()) {
                    array.set(i, array.textNode(maskEmbedded(array.get(i).textValue())));
                } else {
                    mask(array.get(i));
                }
            }
        }
    }

    static String masked(String key, String value) {
        if (SECRET_KEY.matcher(key).matches() && !key.toLowerCase(Locale.ROOT).endsWith("env")) {
            return value.isEmpty() ? "" : MASK;
        }
        return maskEmbedded(value);
    }

    /** A password in a URL ({@code user:secret@host}) or a libpq string ({@code password=secret}). */
    private static String maskEmbedded(String value) {
        String result = URL_PASSWORD.matcher(value).replaceAll("$1" + MASK + "@");
        return KEYWORD_PASSWORD.matcher(result).replaceAll("$1" + MASK);
    }
}
