package io.dblab.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes JSON byte for byte as Go's {@code json.MarshalIndent(v, "", "    ")} does, which is how the
 * reference CLI prints every API answer: four spaces, {@code "key": value}, {@code []} and {@code {}}
 * when empty, {@code <>&} and U+2028/U+2029 escaped, and floating-point numbers in Go's shortest
 * form ({@code 1}, not {@code 1.0}). Object fields are written in the node's order.
 */
public final class GoJson {
    private static final String INDENT = "    ";
    private static final double PLAIN_MIN = 1e-6;
    private static final double PLAIN_MAX = 1e21;

    private GoJson() {}

    public static String write(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out, "");
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out, String indent) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isObject()) {
            writeObject(node, out, indent);
        } else if (node.isArray()) {
            writeArray(node, out, indent);
        } else if (node.isTextual()) {
            quote(node.textValue(), out);
        } else if (node.isFloatingPointNumber()) {
            out.append(number(node.doubleValue()));
        } else {
            out.append(node.asText());
        }
    }

    private static void writeObject(JsonNode node, StringBuilder out, String indent) {
        if (node.isEmpty()) {
            out.append("{}");
            return;
        }
        String inner = indent + INDENT;
        out.append("{\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            out.append(inner);
            quote(field.getKey(), out);
            out.append(": ");
            write(field.getValue(), out, inner);
            out.append(it.hasNext() ? ",\n" : "\n");
        }
        out.append(indent).append('}');
    }

    private static void writeArray(JsonNode node, StringBuilder out, String indent) {
        if (node.isEmpty()) {
            out.append("[]");
            return;
        }
        String inner = indent + INDENT;
        out.append("[\n");
        for (int i = 0; i < node.size(); i++) {
            out.append(inner);
            write(node.get(i), out, inner);
            out.append(i < node.size() - 1 ? ",\n" : "\n");
        }
        out.append(indent).append(']');
    }

    /** Go's float64 encoding: the shortest digits that read back the same, exponent only outside [1e-6, 1e21). */
    static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("JSON has no number " + value);
        }
        double abs = Math.abs(value);
        if (abs == 0 || (abs >= PLAIN_MIN && abs < PLAIN_MAX)) {
            return value == 0 ? (1 / value < 0 ? "-0" : "0")
                    : new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
        }
        BigDecimal exact = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        int exponent = exact.precision() - exact.scale() - 1;
        String digits = exact.unscaledValue().abs().toString();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (value < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.abs(exponent);
    }

    private static void quote(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
