package io.dblab.joe.command;

import io.dblab.joe.session.CloneRoles;
import io.dblab.joe.session.Session;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * psql's catalog commands, answered from the catalog over Joe's management connection (whose
 * search_path is pg_catalog alone, so no object of the person's takes part). Metadata only; every name,
 * expression and comment goes through the session's guard, with expressions and comments judged by
 * whether their catalog row predates the session.
 */
final class DescribeCommand {
    private static final int MAX_DESCRIBED = 20;
    /** Schemas the listings leave out, as psql does, and Joe's own. */
    private static final String HIDDEN_SCHEMAS = "n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'"
            + " AND n.nspname <> '" + CloneRoles.SCHEMA + "'";
    /** Written in the session: the row's xmin is younger than the baseline transaction (parameter: the baseline). */
    private static String changed(String alias) {
        return "(" + alias + ".xmin IS NOT NULL AND age(" + alias + ".xmin) < age(?::text::xid))";
    }

    private static final Map<String, String> KINDS = Map.of("r", "table", "p", "partitioned table", "v", "view",
            "m", "materialized view", "S", "sequence", "f", "foreign table", "i", "index", "I", "partitioned index");

    Answer run(Command.Describe command, Session session) throws SQLException {
        CatalogAnswer answer = new CatalogAnswer();
        String baseline = Long.toString(session.baselineXid() & 0xFFFF_FFFFL);
        Connection conn = session.management();
        if (command.kind() == DescribeKind.DATABASES) {
            databases(conn, answer);
        } else if (command.kind() == DescribeKind.RELATIONS && command.pattern().isPresent()) {
            describeEach(conn, baseline, NamePattern.parse(command.pattern().get()), command.plus(), answer);
        } else {
            list(conn, baseline, command, answer);
        }
        String text = answer.isEmpty() ? "Did not find any " + command.kind().noun()
                + command.pattern().map(p -> " matching " + p).orElse("") + "." : answer.render(session.guard());
        return Answer.text(command.verb(), Answer.Outcome.OK, text);
    }

    private void list(Connection conn, String baseline, Command.Describe command, CatalogAnswer answer) throws SQLException {
        NamePattern pattern = command.pattern().map(NamePattern::parse).orElse(NamePattern.ANY);
        boolean indexes = command.kind() == DescribeKind.INDEXES;
        String sql = "SELECT n.nspname, c.relname, c.relkind::text, pg_get_userbyid(c.relowner), t.relname,"
                + " CASE c.relpersistence WHEN 'p' THEN 'permanent' WHEN 'u' THEN 'unlogged' ELSE 'temporary' END,"
                + " am.amname, pg_size_pretty(pg_table_size(c.oid)), d.description, " + changed("d")
                + " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid LEFT JOIN pg_catalog.pg_class t ON t.oid = i.indrelid"
                + " LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam"
                + " LEFT JOIN pg_catalog.pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_catalog.pg_class'::regclass"
                + " AND d.objsubid = 0"
                + " WHERE strpos(?, c.relkind::text) > 0 AND " + HIDDEN_SCHEMAS + " AND n.nspname LIKE ? AND c.relname LIKE ?"
                + " ORDER BY 1, 2";
        List<String> headers = new ArrayList<>(List.of("Schema", "Name", "Type", "Owner"));
        if (indexes) {
            headers.add("Table");
        }
        if (command.plus()) {
            headers.addAll(List.of("Persistence", "Access method", "Size", "Description"));
        }
        List<Cell[]> rows = new ArrayList<>();
        try (PreparedStatement st = conn.prepareStatement(sql)) {
            st.setString(1, baseline);
            st.setString(2, command.kind().relkinds());
            st.setString(3, pattern.schemaOrAny());
            st.setString(4, pattern.name());
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    List<Cell> row = new ArrayList<>(List.of(Cell.name(rs.getString(1)), Cell.name(rs.getString(2)),
                            Cell.plain(KINDS.getOrDefault(rs.getString(3), rs.getString(3))), Cell.name(rs.getString(4))));
                    if (indexes) {
                        row.add(Cell.name(rs.getString(5)));
                    }
                    if (command.plus()) {
                        row.addAll(List.of(Cell.plain(rs.getString(6)), Cell.name(rs.getString(7)), Cell.plain(rs.getString(8)),
                                Cell.freeText(rs.getString(9), rs.getBoolean(10))));
                    }
                    rows.add(row.toArray(Cell[]::new));
                }
            }
        }
        if (!rows.isEmpty()) {
            answer.line(Cell.plain("List of " + command.kind().noun())).table(headers, rows);
        }
    }

    private void databases(Connection conn, CatalogAnswer answer) throws SQLException {
        List<Cell[]> rows = new ArrayList<>();
        try (PreparedStatement st = conn.prepareStatement("SELECT d.datname, pg_get_userbyid(d.datdba),"
                + " pg_encoding_to_char(d.encoding), d.datcollate, d.datctype FROM pg_catalog.pg_database d"
                + " WHERE d.datallowconn ORDER BY 1"); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                rows.add(new Cell[] {Cell.name(rs.getString(1)), Cell.name(rs.getString(2)), Cell.plain(rs.getString(3)),
                        Cell.plain(rs.getString(4)), Cell.plain(rs.getString(5))});
            }
        }
        answer.line(Cell.plain("List of databases")).table(List.of("Name", "Owner", "Encoding", "Collate", "Ctype"), rows);
    }

    private void describeEach(Connection conn, String baseline, NamePattern pattern, boolean plus, CatalogAnswer answer)
            throws SQLException {
        List<Object[]> relations = new ArrayList<>();
        try (PreparedStatement st = conn.prepareStatement("SELECT c.oid, n.nspname, c.relname, c.relkind::text"
                + " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f', 'i', 'I') AND " + HIDDEN_SCHEMAS
                + " AND n.nspname LIKE ? AND c.relname LIKE ? ORDER BY 2, 3 LIMIT " + (MAX_DESCRIBED + 1))) {
            st.setString(1, pattern.schemaOrAny());
            st.setString(2, pattern.name());
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    relations.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)});
                }
            }
        }
        for (Object[] relation : relations.subList(0, Math.min(MAX_DESCRIBED, relations.size()))) {
            long oid = (Long) relation[0];
            String kind = (String) relation[3];
            String title = KINDS.getOrDefault(kind, kind);
            answer.line(Cell.plain(Character.toUpperCase(title.charAt(0)) + title.substring(1) + " \""),
                    Cell.name((String) relation[1]), Cell.plain("."), Cell.name((String) relation[2]), Cell.plain("\""));
            if (kind.equals("S")) {
                sequence(conn, baseline, oid, answer);
                continue;
            }
            columns(conn, baseline, oid, plus, answer);
            if (kind.equals("i") || kind.equals("I")) {
                indexOwnDefinition(conn, baseline, oid, answer);
                continue;
            }
            indexes(conn, baseline, oid, answer);
            constraints(conn, baseline, oid, answer);
            triggers(conn, baseline, oid, answer);
            if (plus && (kind.equals("v") || kind.equals("m"))) {
                viewDefinition(conn, baseline, oid, answer);
            }
            if (plus) {
                description(conn, baseline, oid, answer);
            }
        }
        if (relations.size() > MAX_DESCRIBED) {
            answer.line(Cell.plain("(only the first " + MAX_DESCRIBED + " matching relations are described)"));
        }
    }

    private void columns(Connection conn, String baseline, long oid, boolean plus, CatalogAnswer answer) throws SQLException {
        String sql = "SELECT a.attname, format_type(a.atttypid, a.atttypmod), " + changed("a") + ","
                + " CASE WHEN a.attcollation <> ty.typcollation THEN co.collname END, a.attnotnull,"
                + " pg_get_expr(ad.adbin, ad.adrelid), " + changed("ad") + ", a.attidentity::text, a.attgenerated::text,"
                + " CASE a.attstorage WHEN 'p' THEN 'plain' WHEN 'm' THEN 'main' WHEN 'e' THEN 'external' ELSE 'extended' END,"
                + " d.description, " + changed("d")
                + " FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid"
                + " LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation"
                + " LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum"
                + " LEFT JOIN pg_catalog.pg_description d ON d.objoid = a.attrelid"
                + " AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = a.attnum"
                + " WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";
        List<String> headers = new ArrayList<>(List.of("Column", "Type", "Collation", "Nullable", "Default"));
        if (plus) {
            headers.addAll(List.of("Storage", "Description"));
        }
        List<Cell[]> rows = new ArrayList<>();
        eachRow(conn, sql, baseline, oid, rs -> {
            List<Cell> row = new ArrayList<>(List.of(Cell.name(rs.getString(1)),
                    Cell.expression(rs.getString(2), rs.getBoolean(3)), Cell.name(rs.getString(4)),
                    Cell.plain(rs.getBoolean(5) ? "not null" : ""), defaultCell(rs)));
            if (plus) {
                row.add(Cell.plain(rs.getString(10)));
                row.add(Cell.freeText(rs.getString(11), rs.getBoolean(12)));
            }
            rows.add(row.toArray(Cell[]::new));
        });
        answer.table(headers, rows);
    }

    private static Cell defaultCell(ResultSet rs) throws SQLException {
        String identity = rs.getString(8);
        if ("a".equals(identity) || "d".equals(identity)) {
            return Cell.plain("generated " + ("a".equals(identity) ? "always" : "by default") + " as identity");
        }
        String expression = rs.getString(6);
        if ("s".equals(rs.getString(9)) && expression != null) {
            return Cell.expression("generated always as (" + expression + ") stored", rs.getBoolean(7));
        }
        return Cell.expression(expression, rs.getBoolean(7));
    }

    private void indexes(Connection conn, String baseline, long oid, CatalogAnswer answer) throws SQLException {
        String sql = "SELECT c2.relname, i.indisprimary, i.indisunique, pg_get_indexdef(i.indexrelid, 0, true), "
                + changed("i") + ", i.indisvalid FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c2 ON c2.oid = i.indexrelid"
                + " WHERE i.indrelid = ? ORDER BY i.indisprimary DESC, c2.relname";
        List<Cell[]> lines = new ArrayList<>();
        eachRow(conn, sql, baseline, oid, rs -> {
            String definition = rs.getString(4);
            int using = definition.indexOf(" USING ");
            String method = using < 0 ? definition : definition.substring(using + " USING ".length());
            String kind = rs.getBoolean(2) ? " PRIMARY KEY, " : rs.getBoolean(3) ? " UNIQUE, " : " ";
            lines.add(new Cell[] {Cell.plain("    \""), Cell.name(rs.getString(1)), Cell.plain("\"" + kind),
                    Cell.expression(method, rs.getBoolean(5)), Cell.plain(rs.getBoolean(6) ? "" : " INVALID")});
        });
        section(answer, "Indexes:", lines);
    }

    private void indexOwnDefinition(Connection conn, String baseline, long oid, CatalogAnswer answer) throws SQLException {
        eachRow(conn, "SELECT pg_get_indexdef(i.indexrelid, 0, true), " + changed("i")
                + " FROM pg_catalog.pg_index i WHERE i.indexrelid = ?", baseline, oid, rs -> {
            answer.line(Cell.expression(rs.getString(1), rs.getBoolean(2)));
        });
    }

    private void constraints(Connection conn, String baseline, long oid, CatalogAnswer answer) throws SQLException {
        String own = "SELECT co.conname, pg_get_constraintdef(co.oid, true), " + changed("co") + ", co.contype::text"
                + " FROM pg_catalog.pg_constraint co WHERE co.conrelid = ? AND co.contype IN ('c', 'f') ORDER BY co.contype, co.conname";
        List<Cell[]> checks = new ArrayList<>();
        List<Cell[]> foreign = new ArrayList<>();
        eachRow(conn, own, baseline, oid, rs -> {
            Cell[] line = {Cell.plain("    \""), Cell.name(rs.getString(1)), Cell.plain("\" "),
                    Cell.expression(rs.getString(2), rs.getBoolean(3))};
            (rs.getString(4).equals("c") ? checks : foreign).add(line);
        });
        section(answer, "Check constraints:", checks);
        section(answer, "Foreign-key constraints:", foreign);
        List<Cell[]> referencing = new ArrayList<>();
        eachRow(conn, "SELECT co.conrelid::regclass::text, co.conname,"
                + " pg_get_constraintdef(co.oid, true), " + changed("co") + " FROM pg_catalog.pg_constraint co"
                + " WHERE co.confrelid = ? AND co.contype = 'f' ORDER BY 1, 2", baseline, oid, rs -> {
            referencing.add(new Cell[] {Cell.plain("    TABLE "), Cell.expression(rs.getString(1), rs.getBoolean(4)),
                    Cell.plain(" CONSTRAINT \""), Cell.name(rs.getString(2)), Cell.plain("\" "),
                    Cell.expression(rs.getString(3), rs.getBoolean(4))});
        });
        section(answer, "Referenced by:", referencing);
    }

    private void triggers(Connection conn, String baseline, long oid, CatalogAnswer answer) throws SQLException {
        List<Cell[]> lines = new ArrayList<>();
        eachRow(conn, "SELECT pg_get_triggerdef(t.oid, true), " + changed("t")
                + " FROM pg_catalog.pg_trigger t WHERE t.tgrelid = ? AND NOT t.tgisinternal ORDER BY t.tgname", baseline, oid, rs -> {
            lines.add(new Cell[] {Cell.plain("    "), Cell.expression(rs.getString(1), rs.getBoolean(2))});
        });
        section(answer, "Triggers:", lines);
    }

    private void viewDefinition(Connection conn, String baseline, long oid, CatalogAnswer answer) throws SQLException {
        eachRow(conn, "SELECT pg_get_viewdef(r.ev_class, true), " + changed("r")
                + " FROM pg_catalog.pg_rewrite r WHERE r.ev_class = ? AND r.rulename = '_RETURN'", baseline, oid, rs -> {
            answer.line(Cell.plain("View definition:"));
            answer.line(Cell.expression(rs.getString(1), rs.getBoolean(2)));
        });
    }

    private void description(Connection conn, String baseline, long oid, CatalogAnswer answer) throws SQLException {
        eachRow(conn, "SELECT d.description, " + changed("d")
                + " FROM pg_catalog.pg_description d WHERE d.objoid = ? AND d.classoid = 'pg_catalog.pg_class'::regclass"
                + " AND d.objsubid = 0", baseline, oid, rs -> {
            answer.line(Cell.plain("Description: "), Cell.freeText(rs.getString(1), rs.getBoolean(2)));
        });
    }

    /** A sequence's definition; its current value is not shown. Numbers set in the session must have been written. */
    private void sequence(Connection conn, String baseline, long oid, CatalogAnswer answer) throws SQLException {
        eachRow(conn, "SELECT format_type(s.seqtypid, NULL), s.seqstart::text,"
                + " s.seqincrement::text, s.seqmin::text, s.seqmax::text, s.seqcycle, " + changed("s")
                + " FROM pg_catalog.pg_sequence s WHERE s.seqrelid = ?", baseline, oid, rs -> {
            boolean changed = rs.getBoolean(7);
            answer.line(Cell.expression(rs.getString(1), changed), Cell.plain(", start "),
                    Cell.expression(rs.getString(2), changed), Cell.plain(", increment "),
                    Cell.expression(rs.getString(3), changed), Cell.plain(", min "), Cell.expression(rs.getString(4), changed),
                    Cell.plain(", max "), Cell.expression(rs.getString(5), changed),
                    Cell.plain(rs.getBoolean(6) ? ", cycles" : ""));
        });
    }

    /** Each row of a query about one relation whose parameters are the baseline, once or more, then the relation. */
    private static void eachRow(Connection conn, String sql, String baseline, long oid, RowHandler handler) throws SQLException {
        try (PreparedStatement st = conn.prepareStatement(sql)) {
            int baselines = st.getParameterMetaData().getParameterCount() - 1;
            for (int i = 1; i <= baselines; i++) {
                st.setString(i, baseline);
            }
            st.setLong(baselines + 1, oid);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    handler.row(rs);
                }
            }
        }
    }

    @FunctionalInterface
    private interface RowHandler {
        void row(ResultSet rs) throws SQLException;
    }

    private static void section(CatalogAnswer answer, String title, List<Cell[]> lines) {
        if (lines.isEmpty()) {
            return;
        }
        answer.line(Cell.plain(title));
        lines.forEach(answer::line);
    }
}
