package io.dblab.engine.masking;

import io.dblab.pg.sql.SqlQuote;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Matches the rules to the columns of the restored databases. A rule that matches nothing is an
 * error, not a no-op: a column renamed in production would otherwise reach clones unmasked.
 * Only ordinary and partitioned tables are masked (a foreign table's UPDATE would change the
 * remote data).
 */
final class ColumnResolver {
    private final PrivateSql sql;

    ColumnResolver(PrivateSql sql) {
        this.sql = sql;
    }

    List<ResolvedColumn> resolve(List<MaskingRule> rules, List<String> databases) {
        List<ResolvedColumn> resolved = new ArrayList<>();
        Map<Integer, Integer> matches = new HashMap<>();
        for (String database : databases) {
            List<MaskingRule> here = rules.stream()
                    .filter(r -> r.column().anyDatabase() || r.column().database().equals(database)).toList();
            if (here.isEmpty()) {
                continue;
            }
            Map<String, Integer> seen = new HashMap<>();
            for (ResolvedColumn c : find(database, here)) {
                Integer other = seen.put(c.schema() + "\0" + c.table() + "\0" + c.column(), c.rule().number());
                if (other != null) {
                    throw new MaskingFailedException("masking rules " + other + " and " + c.rule().number()
                            + " both mask " + c.describe() + "; keep one");
                }
                String problem = MaskExpression.unsupported(c);
                if (problem != null) {
                    throw new MaskingFailedException("masking rule " + c.rule().number() + ": " + problem);
                }
                resolved.add(c);
                matches.merge(c.rule().number(), 1, Integer::sum);
            }
        }
        for (MaskingRule rule : rules) {
            if (!matches.containsKey(rule.number())) {
                throw new MaskingFailedException("masking rule " + rule.number() + ": column " + rule.column()
                        + " is not a column of a table in " + (rule.column().anyDatabase() ? "any restored database" : "that database")
                        + " (restored: " + String.join(", ", databases) + ")");
            }
        }
        return resolved;
    }

    private List<ResolvedColumn> find(String database, List<MaskingRule> rules) {
        String wanted = rules.stream().map(r -> "(" + r.number() + ", " + SqlQuote.literal(r.column().schema()) + ", "
                + SqlQuote.literal(r.column().table()) + ", " + SqlQuote.literal(r.column().column()) + ")")
                .collect(Collectors.joining(", "));
        // The type goes last: it is the only field that could hold the separator.
        String query = """
                SELECT r.n, a.attgenerated <> '', t.typcategory,
                       format_type(CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END, NULL),
                       format_type(a.atttypid, a.atttypmod)
                FROM (VALUES %s) AS r(n, s, t, c)
                JOIN pg_namespace ns ON ns.nspname = r.s
                JOIN pg_class cl ON cl.relnamespace = ns.oid AND cl.relname = r.t AND cl.relkind IN ('r', 'p')
                JOIN pg_attribute a ON a.attrelid = cl.oid AND a.attname = r.c AND a.attnum > 0 AND NOT a.attisdropped
                JOIN pg_type t ON t.oid = a.atttypid
                ORDER BY r.n
                """.formatted(wanted);
        Map<Integer, MaskingRule> byNumber = rules.stream().collect(Collectors.toMap(MaskingRule::number, r -> r));
        List<ResolvedColumn> found = new ArrayList<>();
        for (String line : sql.lines(database, query, "looking up the masked columns")) {
            String[] f = line.split("\\|", 5);
            MaskingRule rule = byNumber.get(Integer.parseInt(f[0]));
            ColumnRef ref = rule.column();
            ResolvedColumn c = new ResolvedColumn(rule, database, ref.schema(), ref.table(), ref.column(), f[4], f[2], f[3]);
            if ("t".equals(f[1])) {
                throw new MaskingFailedException("masking rule " + rule.number() + ": " + c.describe()
                        + " is a generated column; mask the columns it is computed from");
            }
            found.add(c);
        }
        return found;
    }
}
