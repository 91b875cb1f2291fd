package io.dblab.joe.redact;

import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLWarning;
import org.postgresql.util.ServerErrorMessage;

/**
 * Turns a PostgreSQL error or notice about the person's SQL into one without data values. DETAIL,
 * CONTEXT (where) and the internal query are dropped; quoted and bare values in the message and hint
 * that the person did not write are replaced; messages raised by user functions are replaced whole.
 */
public final class ErrorRedactor {
    static final String USER_RAISED = MessageRedactor.REDACTED + " (message raised by a user-defined function)";

    private ErrorRedactor() {
    }

    public static RedactedError redact(SQLException error, String userSql) {
        ServerErrorMessage server = error instanceof PSQLException p ? p.getServerErrorMessage() : null;
        return server != null ? redact(server, userSql) : clientSide(error.getMessage(), error.getSQLState(), "ERROR", userSql);
    }

    public static RedactedError redact(SQLWarning warning, String userSql) {
        ServerErrorMessage server = warning instanceof PSQLWarning p ? p.getServerErrorMessage() : null;
        return server != null ? redact(server, userSql) : clientSide(warning.getMessage(), warning.getSQLState(), "WARNING", userSql);
    }

    static RedactedError redact(ServerErrorMessage server, String userSql) {
        String severity = Objects.requireNonNullElse(server.getSeverity(), "ERROR");
        if (UserRaised.by(server)) {
            return new RedactedError(severity, server.getSQLState(), USER_RAISED, Optional.empty(), 0);
        }
        MessageRedactor redactor = new MessageRedactor(new UserSql(userSql), objectNames(server));
        return new RedactedError(severity, server.getSQLState(), redactor.redact(server.getMessage()),
                Optional.ofNullable(redactor.redact(server.getHint())), server.getPosition());
    }

    /** The driver's own messages carry no server fields; only their first line is kept, redacted. */
    private static RedactedError clientSide(String message, String sqlState, String severity, String userSql) {
        String firstLine = message == null ? "" : message.lines().findFirst().orElse("");
        String text = new MessageRedactor(new UserSql(userSql), Set.of()).redact(firstLine);
        return new RedactedError(severity, sqlState, text, Optional.empty(), 0);
    }

    /** Names of the objects the server says the error is about: metadata, not data. */
    private static Set<String> objectNames(ServerErrorMessage server) {
        return Stream.of(server.getSchema(), server.getTable(), server.getColumn(), server.getDatatype(),
                server.getConstraint()).filter(Objects::nonNull).collect(Collectors.toUnmodifiableSet());
    }
}
