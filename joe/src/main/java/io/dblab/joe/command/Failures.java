package io.dblab.joe.command;

import io.dblab.joe.guard.Vetting;
import io.dblab.joe.redact.ErrorRedactor;
import io.dblab.joe.redact.RedactedError;
import io.dblab.joe.session.Session;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The text of a failed statement of the person's: redacted by the {@link ErrorRedactor}, then the
 * names it kept checked by the session's guard; a statement timeout and a lost connection are said
 * plainly.
 */
final class Failures {
    private static final String QUERY_CANCELED = "57014";

    private Failures() {
    }

    static String text(SQLException error, String userSql, Session session, Duration statementTimeout) {
        return text(ErrorRedactor.redact(error, userSql), session, statementTimeout);
    }

    static String text(RedactedError error, Session session, Duration statementTimeout) {
        String state = error.sqlState() == null ? "" : error.sqlState();
        if (state.equals(QUERY_CANCELED)) {
            return "ERROR: the statement was cancelled: it ran longer than the statement timeout ("
                    + statementTimeout.toSeconds() + " s) or was cancelled (SQLSTATE 57014). Your clone is usable.";
        }
        if (state.startsWith("08") || state.equals("57P01")) {
            return "ERROR: the connection to your clone was lost (terminated, or the clone restarted) (SQLSTATE "
                    + state + "). Joe reconnects on your next command.";
        }
        List<String> texts = new ArrayList<>(List.of(error.message()));
        error.hint().ifPresent(texts::add);
        Vetting vetting = session.guard().vet(texts);
        RedactedError guarded = new RedactedError(error.severity(), error.sqlState(), vetting.message(error.message()),
                error.hint().map(vetting::message), error.position());
        return guarded.text();
    }
}
