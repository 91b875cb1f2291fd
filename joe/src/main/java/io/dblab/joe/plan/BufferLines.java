package io.dblab.joe.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/** The "Buffers:" and "I/O Timings:" lines, from a node's counters or from the planning counters. */
final class BufferLines {
    static final Set<String> BLOCK_FIELDS = Set.of("Shared Hit Blocks", "Shared Read Blocks", "Shared Dirtied Blocks",
            "Shared Written Blocks", "Local Hit Blocks", "Local Read Blocks", "Local Dirtied Blocks",
            "Local Written Blocks", "Temp Read Blocks", "Temp Written Blocks");
    static final Set<String> TIME_FIELDS = Set.of("I/O Read Time", "I/O Write Time", "Temp I/O Read Time",
            "Temp I/O Write Time");

    private BufferLines() {
    }

    static List<String> buffers(JsonNode f) {
        String shared = FieldGroup.positive(f, " hit=", "Shared Hit Blocks") + FieldGroup.positive(f, " read=", "Shared Read Blocks")
                + FieldGroup.positive(f, " dirtied=", "Shared Dirtied Blocks")
                + FieldGroup.positive(f, " written=", "Shared Written Blocks");
        String local = FieldGroup.positive(f, " hit=", "Local Hit Blocks") + FieldGroup.positive(f, " read=", "Local Read Blocks")
                + FieldGroup.positive(f, " dirtied=", "Local Dirtied Blocks")
                + FieldGroup.positive(f, " written=", "Local Written Blocks");
        String temp = FieldGroup.positive(f, " read=", "Temp Read Blocks") + FieldGroup.positive(f, " written=", "Temp Written Blocks");
        String line = joined(List.of(part(" shared", shared), part(" local", local), part(" temp", temp)));
        return line.isEmpty() ? List.of() : List.of("Buffers:" + line);
    }

    static List<String> ioTimings(JsonNode f) {
        String shared = FieldGroup.positive(f, " read=", "I/O Read Time") + FieldGroup.positive(f, " write=", "I/O Write Time");
        String temp = FieldGroup.positive(f, " read=", "Temp I/O Read Time") + FieldGroup.positive(f, " write=", "Temp I/O Write Time");
        String line = joined(List.of(part(" shared/local", shared), part(" temp", temp)));
        return line.isEmpty() ? List.of() : List.of("I/O Timings:" + line);
    }

    private static String part(String label, String counts) {
        return counts.isEmpty() ? "" : label + counts;
    }

    private static String joined(List<String> parts) {
        return String.join(",", parts.stream().filter(p -> !p.isEmpty()).toList());
    }
}
