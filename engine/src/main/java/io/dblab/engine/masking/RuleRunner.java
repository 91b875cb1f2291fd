package io.dblab.engine.masking;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Applies the rules: one UPDATE per table covering all its masked columns, so each table's rows
 * are rewritten once. User triggers are off for these sessions ({@code session_replication_role
 * = replica}): an audit trigger would otherwise copy the old values into another table.
 */
final class RuleRunner {
    private final PrivateSql sql;
    private final HashKey key;

    RuleRunner(PrivateSql sql, HashKey key) {
        this.sql = sql;
        this.key = key;
    }

    void run(List<ResolvedColumn> columns) {
        Map<String, List<ResolvedColumn>> byTable = columns.stream().collect(Collectors.groupingBy(
                c -> c.database() + "\0" + c.qualifiedTable(), LinkedHashMap::new, Collectors.toList()));
        for (List<ResolvedColumn> table : byTable.values()) {
            ResolvedColumn first = table.get(0);
            String update = "UPDATE " + first.qualifiedTable() + " SET "
                    + table.stream().map(MaskExpression::assignment).collect(Collectors.joining(", ")) + ";";
            String rules = table.stream().map(c -> Integer.toString(c.rule().number())).collect(Collectors.joining(", "));
            sql.run(first.database(), update, "masking rules " + rules + " (table " + first.schema() + "." + first.table() + ")",
                    sessionOptions());
        }
    }

    private String sessionOptions() {
        String options = "-c session_replication_role=replica";
        if (key != null) {
            options += " -c dblab.mask_inner=" + key.innerHex() + " -c dblab.mask_outer=" + key.outerHex();
        }
        return options;
    }
}
