package io.dblab.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Prints an engine answer through one of the reference CLI's structs, in its JSON layout. */
final class ReferenceOutput {
    private ReferenceOutput() {}

    static void print(PrintWriter out, GoShape shape, JsonNode answer) {
        out.println(GoJson.write(shape.apply(answer)));
        out.flush();
    }

    /** A list answer; an empty or missing list prints as {@code []}, as the reference's lists are made empty first. */
    static void printList(PrintWriter out, GoShape element, JsonNode answer) {
        JsonNode list = answer != null && answer.isArray() ? answer : JsonNodeFactory.instance.arrayNode();
        print(out, GoShape.list(element), list);
    }

    /** An API path with one id in it, encoded as a path segment. */
    static String path(String prefix, String id) {
        return prefix + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
