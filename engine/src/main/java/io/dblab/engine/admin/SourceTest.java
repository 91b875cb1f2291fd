package io.dblab.engine.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dblab.engine.config.SourceConnection;
import io.dblab.engine.error.BadRequestException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code POST /admin/test-db-source}: the request (the reference's Connection), the facts found on
 * the source, and the answer in the reference's shape ({@code status}, {@code result}, {@code
 * message}, {@code dbVersion}, {@code tuningParams}), with this engine's {@code databases} beside
 * them. A source that cannot serve retrieval is still a 200, with status {@code error}, as in the
 * reference; a request that names no source is a 400.
 */
public final class SourceTest {
    public static final String OK = "ok";
    public static final String CONNECTION_ERROR = "connection_error";
    public static final String QUERY_ERROR = "query_error";
    public static final String UNVERIFIED_DATABASE = "unverified_database";
    /** This engine's results, beside the reference's. */
    public static final String UNSUPPORTED_VERSION = "unsupported_version";
    public static final String MISSING_DATABASE = "missing_database";
    public static final String INSUFFICIENT_PRIVILEGES = "insufficient_privileges";
    /** The reference's message for a source ready for retrieval. */
    public static final String READY = "Database ready for dump and restore";
    /** Databases whose tables are checked one connection each, as the reference limits its own checks. */
    public static final int MAX_DATABASES_CHECKED = 5;

    private SourceTest() {}

    /** The reference's Connection: {@code port} is a string there; an empty {@code password} means the configured one. */
    public record Request(String host, String port, String dbname, String username, String password,
                          @JsonProperty("db_list") List<String> dbList) {
        /** Keeps the password out of any log line or message that prints the request. */
        @Override
        public String toString() {
            return "Request[host=" + host + ", port=" + port + ", dbname=" + dbname + ", username=" + username
                    + ", password=" + (password == null || password.isEmpty() ? "" : "(set)") + ", db_list=" + dbList + "]";
        }
    }

    /** What to connect to; {@code dbname} is where the first connection goes ({@code postgres} when not given). */
    public record Target(SourceConnection connection, String dbname, List<String> dbList) {}

    /**
     * One database of the source that allows connections (those retrieval copies when it is told no
     * list): whether the user may connect to it, and its size (null when it may not).
     */
    public record Database(String name, boolean connect, Long size) {}

    /** Tables and sequences of a database the user cannot read, a few by name; {@code error} when the check could not run. */
    public record Unreadable(long count, List<String> examples, String error) {}

    /**
     * What the first connection found: the major version ({@code dbVersion}), whether the engine's
     * pg_dump can read it (and why not), whether the user reads everything, the databases, the
     * planner settings that differ from PostgreSQL's defaults.
     */
    public record Facts(int majorVersion, boolean dumpable, String versionProblem, boolean readsAll,
                        List<Database> databases, Map<String, String> tuning) {}

    /** The answer; {@code dbVersion} and {@code databases} are left out when the source was not reached. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(String status, String result, String message, Integer dbVersion,
                         Map<String, String> tuningParams, List<Database> databases) {
        public static Result failed(String result, String message) {
            return new Result("error", result, message, null, Map.of(), null);
        }
    }

    /** The request checked: a host and a user are needed, a port is a number; 400 naming every problem otherwise. */
    public static Target target(Request request) {
        if (request == null) {
            throw new BadRequestException("request body is required: {host, port, dbname, username, password, db_list}");
        }
        List<String> problems = new ArrayList<>();
        if (blank(request.host())) {
            problems.add("host is required");
        }
        if (blank(request.username())) {
            problems.add("username is required");
        }
        Integer port = null;
        if (!blank(request.port())) {
            String text = request.port().strip();
            if (!text.matches("\\d{1,5}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 65535) {
                problems.add("port must be a number from 1 to 65535, got '" + printable(request.port()) + "'");
            } else {
                port = Integer.valueOf(text);
            }
        }
        List<String> dbList = request.dbList() == null ? List.of() : request.dbList();
        if (dbList.stream().anyMatch(SourceTest::blank)) {
            problems.add("db_list must not hold an empty name");
        }
        if (!problems.isEmpty()) {
            throw new BadRequestException(String.join("; ", problems));
        }
        String dbname = blank(request.dbname()) ? "postgres" : request.dbname();
        return new Target(new SourceConnection(request.host(), port, dbname, request.username()), dbname,
                List.copyOf(dbList));
    }

    /**
     * The answer from what the source told: the version first, then the databases to copy ({@code
     * dbList}, or else all of {@link Facts#databases()}, as retrieval takes them), then
     * whether the user can read them: at once when it reads everything, else by {@code unreadable}
     * in up to {@link #MAX_DATABASES_CHECKED} of them (a notice names the ones checked).
     */
    public static Result evaluate(Facts facts, List<String> dbList, Function<String, Unreadable> unreadable) {
        Map<String, Database> byName = new LinkedHashMap<>();
        facts.databases().forEach(d -> byName.put(d.name(), d));
        List<String> targets = dbList.isEmpty() ? facts.databases().stream().map(Database::name).toList() : dbList;
        List<Database> listed = targets.stream().filter(byName::containsKey).map(byName::get).toList();
        if (!facts.dumpable()) {
            return answer(facts, listed, "error", UNSUPPORTED_VERSION, capitalized(facts.versionProblem()));
        }
        List<String> missing = targets.stream().filter(name -> !byName.containsKey(name)).toList();
        if (!missing.isEmpty()) {
            return answer(facts, listed, "error", MISSING_DATABASE, "Not found on the source (or closed to all connections): "
                    + names(missing));
        }
        List<String> closed = listed.stream().filter(d -> !d.connect()).map(Database::name).toList();
        if (!closed.isEmpty()) {
            return answer(facts, listed, "error", CONNECTION_ERROR, "The user may not connect to " + names(closed)
                    + " (it needs the CONNECT privilege)");
        }
        if (facts.readsAll()) {
            return answer(facts, listed, "ok", OK, READY);
        }
        List<String> checked = targets.stream().limit(MAX_DATABASES_CHECKED).toList();
        List<String> problems = new ArrayList<>();
        for (String database : checked) {
            Unreadable found = unreadable.apply(database);
            if (found.error() != null) {
                problems.add("\"" + database + "\": the check failed: " + found.error());
            } else if (found.count() > 0) {
                problems.add("\"" + database + "\": " + found.count() + " tables or sequences, such as "
                        + String.join(", ", found.examples()));
            }
        }
        if (!problems.isEmpty()) {
            return answer(facts, listed, "error", INSUFFICIENT_PRIVILEGES, "The user cannot read everything that"
                    + " retrieval copies (it needs SELECT on every table and sequence and USAGE on their schemas, or"
                    + " membership in pg_read_all_data): " + String.join("; ", problems));
        }
        if (checked.size() < targets.size()) {
            return answer(facts, listed, "notice", UNVERIFIED_DATABASE, "Too many databases: read privileges were"
                    + " checked only in " + names(checked));
        }
        return answer(facts, listed, "ok", OK, READY);
    }

    private static Result answer(Facts facts, List<Database> databases, String status, String result, String message) {
        return new Result(status, result, message, facts.majorVersion(), facts.tuning(), databases);
    }

    private static String names(List<String> names) {
        return names.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(", "));
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String printable(String value) {
        String clean = value.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 40 ? clean.substring(0, 40) + "…" : clean;
    }
}
