package io.dblab.joe.redact;

import java.util.Set;
import org.postgresql.util.ServerErrorMessage;

/**
 * Whether a message was written by user code (PL/pgSQL RAISE or ASSERT, or another procedural
 * language's own raise). Its text is whatever the function chose, data included, and may imitate a
 * server message, so none of it is shown. The server names the C routine and file that raised it,
 * which user code cannot choose; RAISE's default SQLSTATEs are checked as well.
 */
final class UserRaised {
    private static final Set<String> RAISE_ROUTINES = Set.of("exec_stmt_raise", "exec_stmt_assert");
    private static final Set<String> LANGUAGE_FILES = Set.of("plperl.c", "pltcl.c");
    private static final Set<String> RAISE_STATES = Set.of("P0001", "P0004");

    private UserRaised() {
    }

    static boolean by(ServerErrorMessage message) {
        String file = message.getFile();
        return RAISE_ROUTINES.contains(message.getRoutine()) || RAISE_STATES.contains(message.getSQLState())
                || (file != null && (LANGUAGE_FILES.contains(file) || file.startsWith("plpy")));
    }
}
