package io.dblab.joe.command;

import io.dblab.joe.guard.Origin;
import io.dblab.joe.guard.Vetting;
import io.dblab.joe.session.CloneRoles;
import io.dblab.joe.session.Session;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code activity} and {@code terminate}: the clone's backends as Joe's management connection sees
 * them. Only the backends of the person's role show their statement (what they wrote, guarded) and can
 * be terminated; Joe's own and the server's are listed by kind alone. Application names are not shown:
 * a statement can set one to anything.
 */
final class ActivityCommand {
    private static final int QUERY_CHARS = 200;
    private static final String ACTIVITY = """
            SELECT a.pid, a.usename::pg_catalog.text, a.backend_type, a.state, a.wait_event_type, a.wait_event,
                   extract(epoch FROM (pg_catalog.clock_timestamp() OPERATOR(pg_catalog.-) a.query_start)),
                   a.query
            FROM pg_catalog.pg_stat_activity a
            ORDER BY a.pid""";

    Answer activity(Command.Activity command, Session session) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        List<String> queries = new ArrayList<>();
        try (PreparedStatement st = session.management().prepareStatement(ACTIVITY); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                boolean person = CloneRoles.USER.equals(rs.getString(2));
                String who = person ? "you" : CloneRoles.MANAGEMENT.equals(rs.getString(2)) ? "Joe" : "server";
                // Joe checks its connections with an empty statement: that one says nothing
                String query = person && rs.getString(8) != null ? shortened(rs.getString(8)) : "";
                queries.add(query);
                rows.add(new String[] {Integer.toString(rs.getInt(1)), who, rs.getString(3), nullToEmpty(rs.getString(4)),
                        wait(rs.getString(5), rs.getString(6)), seconds(rs, 7), query});
            }
        }
        Vetting vetting = session.guard().vet(queries);
        TextTable table = new TextTable("PID", "Who", "Backend", "State", "Waiting for", "Running", "Statement");
        for (String[] row : rows) {
            row[6] = vetting.expression(row[6], Origin.SESSION);
            table.row(row);
        }
        return Answer.text(command.verb(), Answer.Outcome.OK, table.render());
    }

    Answer terminate(Command.Terminate command, Session session) throws SQLException {
        try (PreparedStatement st = session.management().prepareStatement("SELECT a.usename::pg_catalog.text,"
                + " pg_catalog.pg_terminate_backend(a.pid) FROM pg_catalog.pg_stat_activity a"
                + " WHERE a.pid OPERATOR(pg_catalog.=) ? AND a.usename OPERATOR(pg_catalog.=) '" + CloneRoles.USER + "'")) {
            st.setInt(1, command.pid());
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Answer.text(command.verb(), Answer.Outcome.FAILED, "no backend " + command.pid()
                            + " of yours in your clone; 'activity' lists them");
                }
                return Answer.text(command.verb(), Answer.Outcome.OK, rs.getBoolean(2)
                        ? "backend " + command.pid() + " terminated" : "backend " + command.pid() + " could not be terminated");
            }
        }
    }

    private static String shortened(String query) {
        String oneLine = query.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= QUERY_CHARS ? oneLine : oneLine.substring(0, QUERY_CHARS) + "...";
    }

    private static String wait(String type, String event) {
        return type == null ? "" : type + ":" + nullToEmpty(event);
    }

    private static String seconds(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? "" : String.format(Locale.ROOT, "%.1f s", value);
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
