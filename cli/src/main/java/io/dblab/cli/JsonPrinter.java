package io.dblab.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.dblab.client.Json;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * Prints API answers as indented JSON in the layout of Go's {@code json.MarshalIndent}, which the
 * reference CLI uses ({@code "key": value}, one array element per line, {@code []} when empty),
 * so scripts that read its output read ours. Indentation is four spaces, as the reference CLI prints.
 */
public final class JsonPrinter {
    private static final DefaultIndenter INDENTER = new DefaultIndenter("    ", "\n");
    private static final ObjectWriter WRITER = Json.mapper().writer(new DefaultPrettyPrinter(
                    Separators.createDefaultInstance()
                            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                            .withObjectEmptySeparator("")
                            .withArrayEmptySeparator(""))
            .withObjectIndenter(INDENTER)
            .withArrayIndenter(INDENTER));

    private final PrintWriter out;

    public JsonPrinter(PrintWriter out) {
        this.out = out;
    }

    public void print(Object value) {
        try {
            out.println(WRITER.writeValueAsString(value));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot print the answer as JSON: " + e.getMessage(), e);
        }
    }
}
