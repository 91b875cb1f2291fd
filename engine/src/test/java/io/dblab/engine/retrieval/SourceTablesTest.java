package io.dblab.engine.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The pg_dump patterns that leave the copied tables' rows out of the dump. That pg_dump reads them
 * as meant is tested on a real dump ({@link LogicalCopyFidelityTest}, whose names need quoting).
 */
class SourceTablesTest {
    @Test
    void onePatternPerSchemaWithEveryNameQuoted() {
        List<SourceTables.SourceTable> tables = List.of(table("public", "a"), table("Odd \"S\"", "T|x"), table("public", "B.c"));
        assertThat(SourceTables.excludeDataOptions(tables)).containsExactly(
                "--exclude-table-data=\"public\".(\"a\"|\"B.c\")",
                "--exclude-table-data=\"Odd \"\"S\"\"\".(\"T|x\")");
    }

    /** Linux refuses a single argument over 128 kB: a schema with very many tables gets several patterns. */
    @Test
    void aPatternStaysUnderTheArgumentLimit() {
        List<SourceTables.SourceTable> many = IntStream.range(0, 20_000).mapToObj(i -> table("public", "table_" + i)).toList();
        List<String> options = SourceTables.excludeDataOptions(many);
        assertThat(options).hasSizeGreaterThan(1).allSatisfy(option -> assertThat(option.length()).isLessThan(128 * 1024));
        String joined = String.join(" ", options);
        assertThat(many).allSatisfy(t -> assertThat(joined).contains("\"" + t.name() + "\""));
    }

    private static SourceTables.SourceTable table(String schema, String name) {
        return new SourceTables.SourceTable(schema, name, 8192, 0);
    }
}
