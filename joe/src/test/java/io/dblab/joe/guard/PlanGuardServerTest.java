package io.dblab.joe.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.joe.explain.ExplainRunner;
import io.dblab.joe.plan.ExplainPlan;
import io.dblab.joe.plan.TextRenderer;
import io.dblab.joe.testing.Db;
import io.dblab.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Plans of a real server that carry data (folded constants, names made by dynamic SQL, settings set
 * from a table) come out of the guard without it, while the production schema's names and what the
 * person wrote stay.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlanGuardServerTest {
    static final String SECRET = "Zq9-GUARD-SECRET-7731";
    static final String SECRET_NUMBER = "918273645";

    TestPostgres pg;
    Connection management;
    Connection user;
    SessionText written;
    OutputGuard guard;
    final ExplainRunner runner = new ExplainRunner(Duration.ofSeconds(30));

    @BeforeAll
    void start() throws Exception {
        pg = TestPostgres.start(Map.of());
        pg.psql().run("postgres", "CREATE ROLE person LOGIN PASSWORD 'person-password'; CREATE DATABASE shop;");
        pg.psql().run("shop", """
                CREATE TABLE secrets (s text, n bigint);
                INSERT INTO secrets VALUES ('Zq9-GUARD-SECRET-7731', 918273645);
                CREATE TABLE orders (id int PRIMARY KEY, status text, amount int);
                INSERT INTO orders SELECT g, 'open', g FROM generate_series(1, 100) g;
                CREATE TYPE mood AS ENUM ('calm', 'busy');
                ALTER TABLE secrets OWNER TO person; ALTER TABLE orders OWNER TO person; ALTER TYPE mood OWNER TO person;
                ALTER SCHEMA public OWNER TO person;
                """);
        management = Db.connect(pg, "shop");
        long baseline;
        try (Statement st = management.createStatement()) {
            st.execute("SET search_path = pg_catalog, pg_temp");
            var rs = st.executeQuery("SELECT txid_current()");
            rs.next();
            baseline = rs.getLong(1);
        }
        user = Db.connect(pg, "shop", "person", "person-password");
        written = new SessionText();
        guard = new OutputGuard(written, new BaselineCatalog(() -> management, baseline), java.util.Set.of());
        exec("""
                CREATE FUNCTION leak() RETURNS text IMMUTABLE LANGUAGE sql AS $$ SELECT s FROM secrets LIMIT 1 $$""");
        exec("""
                CREATE FUNCTION leak_number() RETURNS bigint IMMUTABLE LANGUAGE sql AS $$ SELECT n FROM secrets LIMIT 1 $$""");
        exec("""
                DO $$ BEGIN
                  EXECUTE format('CREATE TABLE %I (%I int)', (SELECT s FROM secrets), (SELECT s || '_col' FROM secrets));
                  EXECUTE format('CREATE VIEW hidden AS SELECT * FROM %I', (SELECT s FROM secrets));
                END $$""");
    }

    @AfterAll
    void stop() throws Exception {
        if (user != null) {
            user.close();
        }
        Db.close(management, pg);
    }

    private void exec(String sql) throws Exception {
        written.add(sql);
        try (Statement st = user.createStatement()) {
            st.execute(sql);
        }
    }

    private String shown(String sql, boolean analyze) throws Exception {
        written.add(sql);
        ExplainPlan plan = analyze ? runner.explain(user, sql).plan() : runner.plan(user, sql).plan();
        ExplainPlan guarded = new PlanGuard(guard).guard(plan);
        return guarded.toJson() + "\n" + TextRenderer.render(guarded);
    }

    @Test
    void aConstantFoldedFromATableIsRedactedAndWhatThePersonWroteStays() throws Exception {
        String raw = TextRenderer.render(runner.plan(user, "SELECT * FROM orders WHERE status = leak() AND amount > 5").plan());
        assertThat(raw).as("the server itself shows the folded value").contains(SECRET);
        String shown = shown("SELECT * FROM orders WHERE status = leak() AND amount > 5", false);
        assertThat(shown).doesNotContain(SECRET).contains("[redacted]")
                .contains("Seq Scan on public.orders").contains("amount > 5").contains("orders.status");
    }

    @Test
    void aFoldedNumberIsRedacted() throws Exception {
        String shown = shown("SELECT leak_number() + id AS x FROM orders WHERE id = 3", true);
        assertThat(shown).doesNotContain(SECRET_NUMBER).contains("(orders.id = 3)").contains("[redacted]");
    }

    @Test
    void namesMadeFromDataByDynamicSqlAreRedacted() throws Exception {
        String shown = shown("SELECT * FROM hidden", true);
        assertThat(shown).doesNotContain(SECRET).contains("Seq Scan on public.\"[redacted]\"");
    }

    @Test
    void aSettingSetFromATableIsRedacted() throws Exception {
        exec("SELECT set_config('search_path', (SELECT s FROM secrets), false)");
        try {
            ExplainPlan plan = runner.plan(user, "SELECT 1 FROM public.orders").plan();
            assertThat(plan.settings()).as("the server shows the setting").containsValue(SECRET);
            assertThat(shown("SELECT 1 FROM public.orders", false)).doesNotContain(SECRET);
        } finally {
            exec("RESET search_path");
        }
    }

    @Test
    void anInListAndAnEnumWrittenByThePersonStay() throws Exception {
        String shown = shown("SELECT * FROM orders WHERE id IN (1, 2, 3) AND status <> 'calm'::mood::text", false);
        assertThat(shown).contains("'{1,2,3}'::integer[]").doesNotContain("[redacted]");
    }

    @Test
    void keywordsAndGeneratedNamesStay() throws Exception {
        String shown = shown("SELECT count(*) FROM orders o WHERE o.amount > (SELECT avg(amount) FROM orders)"
                + " AND CASE WHEN o.status IS NULL THEN true ELSE false END", false);
        assertThat(shown).doesNotContain("[redacted]").contains("InitPlan 1").contains("Aggregate");
    }
}
