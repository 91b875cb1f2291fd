package io.dblab.joe.command;

import io.dblab.joe.guard.Origin;
import io.dblab.joe.guard.Vetting;
import io.dblab.joe.plan.PlanSummary;
import io.dblab.joe.session.Session;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code hypo}: hypothetical indexes with HypoPG. Joe's management connection created the extension
 * when it prepared the clone; the indexes themselves live in the memory of the connection that runs the
 * person's statements, so they are made there, and {@code plan} on that connection then considers them
 * ({@code explain} runs the statement, which cannot use an index that does not exist).
 */
final class HypoCommand {
    private final CommandSettings settings;

    HypoCommand(CommandSettings settings) {
        this.settings = settings;
    }

    Answer run(Command.Hypo command, Session session) throws SQLException {
        if (session.hypopgSchema().isEmpty()) {
            return Answer.text(command.verb(), Answer.Outcome.FAILED, "HypoPG is not installed on the engine's machine"
                    + " (Debian: apt-get install postgresql-15-hypopg), so hypothetical indexes are not available.");
        }
        String schema = quoted(session.hypopgSchema().get());
        String sql = switch (command.action()) {
            case CREATE -> "SELECT h.indexrelid, h.indexname FROM " + schema + ".hypopg_create_index(?) h";
            case LIST -> "SELECT l.indexrelid, " + schema + ".hypopg_get_indexdef(l.indexrelid), " + schema
                    + ".hypopg_relation_size(l.indexrelid) FROM " + schema + ".hypopg_list_indexes l ORDER BY 1";
            case DESC -> "SELECT l.indexrelid, " + schema + ".hypopg_get_indexdef(l.indexrelid), " + schema
                    + ".hypopg_relation_size(l.indexrelid) FROM " + schema + ".hypopg_list_indexes l"
                    + " WHERE l.indexrelid OPERATOR(pg_catalog.=) ?::pg_catalog.oid";
            case DROP -> "SELECT " + schema + ".hypopg_drop_index(?::pg_catalog.oid)";
            case RESET -> "SELECT " + schema + ".hypopg_reset()";
        };
        if (command.action() == Command.HypoAction.CREATE) {
            session.written().add(command.argument());
        }
        Connection conn = session.user();
        try (Statement timeout = conn.createStatement(); PreparedStatement st = conn.prepareStatement(sql)) {
            // the person may have turned the connection's timeout off with exec
            timeout.execute("SET statement_timeout = " + settings.statementTimeout().toMillis());
            if (command.action() != Command.HypoAction.LIST && command.action() != Command.HypoAction.RESET) {
                st.setString(1, command.argument());
            }
            try (ResultSet rs = st.executeQuery()) {
                return Answer.text(command.verb(), Answer.Outcome.OK, describe(command, rs, session));
            }
        } catch (SQLException e) {
            return Answer.text(command.verb(), Answer.Outcome.FAILED,
                    Failures.text(e, command.argument(), session, settings.statementTimeout()));
        }
    }

    private static String describe(Command.Hypo command, ResultSet rs, Session session) throws SQLException {
        switch (command.action()) {
            case CREATE -> {
                rs.next();
                long oid = rs.getLong(1);
                // HypoPG names the index from the person's own statement: "<oid>btree_orders_status".
                // Plans show that name; the person's session text vouches for it.
                session.written().add(rs.getString(2));
                return "hypothetical index " + oid + " created: " + rs.getString(2)
                        + "\nUse 'plan <sql>' to see whether the planner would use it.";
            }
            case DROP -> {
                rs.next();
                return rs.getBoolean(1) ? "hypothetical index " + command.argument() + " dropped"
                        : "no hypothetical index " + command.argument();
            }
            case RESET -> {
                return "all hypothetical indexes dropped";
            }
            default -> {
                List<String[]> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(new String[] {Long.toString(rs.getLong(1)), rs.getString(2), PlanSummary.bytes(rs.getLong(3))});
                }
                if (rows.isEmpty()) {
                    return command.action() == Command.HypoAction.DESC ? "no hypothetical index " + command.argument()
                            : "no hypothetical indexes";
                }
                Vetting vetting = session.guard().vet(rows.stream().map(r -> r[1]).toList());
                StringBuilder text = new StringBuilder("hypothetical indexes:");
                for (String[] row : rows) {
                    text.append("\n  ").append(row[0]).append(": ").append(vetting.expression(row[1], Origin.SESSION))
                            .append(" (estimated size ").append(row[2]).append(')');
                }
                return text.toString();
            }
        }
    }

    private static String quoted(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
