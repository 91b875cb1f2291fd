package io.dblab.engine.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dblab.client.model.Clone;
import io.dblab.engine.EngineFixture;
import io.dblab.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Logical retrieval copies table rows itself (COPY from the source piped into the restore server)
 * and the rest through pg_dump. A clone must hold exactly what the source held: every row of every
 * kind of table, with names that need quoting, in a source whose date style would garble dates
 * read with its defaults, plus what pg_dump brings (sequence values, materialized view rows, large
 * objects); and all of it as of one moment, however the copy's sessions interleave with writes.
 */
class LogicalCopyFidelityTest {
    private static final String PASSWORD = "Copy-Fidelity-7731-frobozz";
    private static final String SOURCE = """
            ALTER DATABASE postgres SET DateStyle = 'SQL, DMY';
            ALTER DATABASE postgres SET IntervalStyle = 'sql_standard';
            CREATE SCHEMA \"Odd \"\"Schema\"\"\";
            CREATE TABLE \"Odd \"\"Schema\"\"\".\"\"\"Quoted\"\" Table\" (id int PRIMARY KEY, \"Mixed Case\" text);
            INSERT INTO \"Odd \"\"Schema\"\"\".\"\"\"Quoted\"\" Table\" VALUES
                (1, E'tab\\there, newline\\nthere, backslash \\\\ and \\\\. alone'), (2, 'ünïcödé ✓'), (3, NULL), (4, '');
            CREATE TABLE kinds (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, f float8, r real, n numeric,
                ts timestamptz, d date, iv interval, b bytea, j jsonb, arr int[], doubled int GENERATED ALWAYS AS (id * 2) STORED);
            INSERT INTO kinds (f, r, n, ts, d, iv, b, j, arr)
                SELECT 1.0 / g, 1.0 / g, g / 7.0, '2026-01-02 03:04:05.678901+00'::timestamptz + g * interval '1 day',
                       DATE '2026-01-13' + g, make_interval(days => g, secs => g / 3.0), decode(md5(g::text), 'hex'),
                       jsonb_build_object('g', g), ARRAY[g, -g]
                FROM generate_series(1, 5000) g;
            CREATE TABLE parent (a int, b text);
            CREATE TABLE child (c text) INHERITS (parent);
            ALTER TABLE parent ADD COLUMN z int;
            INSERT INTO child (a, b, c, z) SELECT g, 'b' || g, 'c' || g, -g FROM generate_series(1, 300) g;
            INSERT INTO parent VALUES (0, 'only parent', 0);
            CREATE TABLE nocols ();
            INSERT INTO nocols DEFAULT VALUES; INSERT INTO nocols DEFAULT VALUES; INSERT INTO nocols DEFAULT VALUES;
            CREATE TABLE measurements (id int, at date) PARTITION BY RANGE (at);
            CREATE TABLE measurements_2025 PARTITION OF measurements FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
            CREATE TABLE measurements_2026 PARTITION OF measurements FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
            INSERT INTO measurements SELECT g, DATE '2025-06-01' + g FROM generate_series(1, 400) g;
            CREATE UNLOGGED TABLE scratch AS SELECT g AS id FROM generate_series(1, 100) g;
            CREATE TABLE toasted AS SELECT g AS id, repeat(md5(g::text), 400) AS v FROM generate_series(1, 50) g;
            CREATE SEQUENCE counter; SELECT setval('counter', 4242);
            CREATE MATERIALIZED VIEW kinds_count AS SELECT count(*) AS n FROM kinds;
            SELECT lo_from_bytea(424242, 'bytes of a large object');
            CREATE TABLE account_a (id int PRIMARY KEY, balance bigint NOT NULL);
            CREATE TABLE account_b (id int PRIMARY KEY, balance bigint NOT NULL);
            INSERT INTO account_a SELECT g, 1000 FROM generate_series(1, 200000) g;
            INSERT INTO account_b SELECT g, 1000 FROM generate_series(1, 200000) g;
            """;
    private static final List<String> TABLES = List.of("\"Odd \"\"Schema\"\"\".\"\"\"Quoted\"\" Table\"", "kinds",
            "parent", "child", "nocols", "measurements", "measurements_2025", "measurements_2026", "scratch", "toasted");
    private static EngineFixture engine;

    @BeforeAll
    static void start() {
        engine = EngineFixture.start(EngineFixture.Setup.logical(16790, 16799).withPoolSize("2GiB"), SOURCE, null);
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void everyTableAndWhatPgDumpBringsArriveUnchanged() throws SQLException {
        Clone clone = engine.createClone("fid1", "fred", PASSWORD, false);
        try (Connection source = source(); Connection copy = EngineFixture.connect(clone, PASSWORD)) {
            for (Connection c : List.of(source, copy)) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET IntervalStyle = postgres"); // the source database's own is sql_standard
                }
            }
            for (String table : TABLES) {
                // jsonb: the columns by name, so a child table's own column order does not count
                String checksum = "SELECT count(*) || ':' || coalesce(md5(string_agg(to_jsonb(t)::text, '|'"
                        + " ORDER BY to_jsonb(t)::text)), '') FROM " + table + " t";
                assertThat(text(copy, checksum)).as(table).isEqualTo(text(source, checksum));
            }
            assertThat(text(copy, "SELECT b || '/' || c FROM ONLY child WHERE a = 7")).isEqualTo("b7/c7");
            assertThat(text(copy, "SELECT last_value || '/' || is_called FROM counter")).isEqualTo("4242/true");
            assertThat(text(copy, "SELECT n::text FROM kinds_count")).isEqualTo("5000");
            assertThat(text(copy, "SELECT convert_from(lo_get(424242), 'UTF8')")).isEqualTo("bytes of a large object");
            // the identity column goes on from where the source was
            assertThat(text(copy, "INSERT INTO kinds (f) VALUES (0) RETURNING id::text")).isEqualTo("5001");
            // loaded frozen: every page all-visible once ANALYZE has counted them
            assertThat(text(copy, "SELECT (relallvisible = relpages AND relpages > 0)::text FROM pg_class WHERE relname = 'kinds'"))
                    .isEqualTo("true");
        }
        engine.client().destroyClone("fid1");
        engine.awaitGone("fid1");
    }

    /**
     * Transfers between two tables run on the source all through a refresh, each in one transaction.
     * The two tables are copied by different sessions; only reading both in one snapshot gives a
     * copy whose balances add up.
     */
    @Test
    void allTablesAreCopiedAsOfOneMoment() throws Exception {
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong transfers = new AtomicLong();
        Thread writer = new Thread(() -> {
            try (Connection c = source(); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                for (long i = 0; writing.get(); i++) {
                    int id = (int) (i % 200000) + 1;
                    s.execute("UPDATE account_a SET balance = balance - 1 WHERE id = " + id);
                    s.execute("UPDATE account_b SET balance = balance + 1 WHERE id = " + id);
                    c.commit();
                    transfers.incrementAndGet();
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, "transfers");
        writer.start();
        String lastRefresh = engine.client().retrieval().lastRefresh();
        long transfersBefore;
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> transfers.get() > 100);
            transfersBefore = transfers.get();
            engine.client().fullRefresh();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() ->
                    "finished".equals(engine.client().retrieval().status())
                            && !lastRefresh.equals(engine.client().retrieval().lastRefresh()));
        } finally {
            writing.set(false);
            writer.join();
        }
        assertThat(transfers.get() - transfersBefore).as("transfers during the refresh").isGreaterThan(100);

        Clone clone = engine.createClone("fid2", "fay", PASSWORD, false);
        try (Connection copy = EngineFixture.connect(clone, PASSWORD)) {
            long movedOutOfA = Long.parseLong(text(copy, "SELECT (200000 * 1000 - sum(balance))::text FROM account_a"));
            long movedIntoB = Long.parseLong(text(copy, "SELECT (sum(balance) - 200000 * 1000)::text FROM account_b"));
            assertThat(movedOutOfA).isPositive().isEqualTo(movedIntoB);
        }
        engine.client().destroyClone("fid2");
        engine.awaitGone("fid2");
    }

    private static Connection source() throws SQLException {
        return DriverManager.getConnection(engine.source().jdbcUrl("postgres"), "postgres", TestPostgres.PASSWORD);
    }

    private static String text(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
