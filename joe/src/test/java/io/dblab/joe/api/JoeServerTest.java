package io.dblab.joe.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.engine.EngineFixture;
import io.dblab.joe.Joe;
import io.dblab.joe.testing.JoeFixture;
import io.dblab.joe.testing.JoeHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Joe's HTTP API with a real engine and a real Joe server on loopback: every command, the token, bad requests, history. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JoeServerTest {
    EngineFixture engine;
    Path stateDir;
    Joe joe;
    JoeHttp http;

    @BeforeAll
    void start() throws Exception {
        engine = EngineFixture.start(EngineFixture.Setup.logical(19400, 19409));
        stateDir = Files.createTempDirectory("joe-server-test-");
        joe = JoeFixture.start(JoeFixture.config(engine, stateDir));
        http = new JoeHttp(joe.port(), JoeFixture.TOKEN);
    }

    @AfterAll
    void stop() throws Exception {
        JoeFixture.stopAll(joe, null, engine, stateDir);
    }

    @Test
    void aMissingOrWrongTokenIs401AndBadRequestsAre400() {
        JoeHttp.Reply none = http.send("POST", "/api/commands", "{\"user\":\"a\",\"channel\":\"c\",\"text\":\"help\"}", null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json().path("code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(http.send("POST", "/api/commands", "{}", "wrong-token").status()).isEqualTo(401);
        assertThat(http.send("GET", "/api/history" + JoeHttp.query("a", "c"), null, "wrong-token").status()).isEqualTo(401);
        JoeHttp.Reply notJson = http.send("POST", "/api/commands", "{user: a", JoeFixture.TOKEN);
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().path("message").asText()).contains("not JSON");
        JoeHttp.Reply noText = http.send("POST", "/api/commands", "{\"user\":\"a\",\"channel\":\"c\"}", JoeFixture.TOKEN);
        assertThat(noText.status()).isEqualTo(400);
        assertThat(noText.json().path("message").asText()).isEqualTo("'text' must be a non-empty string");
    }

    @Test
    void helpAndUnknownCommandsNeedNoClone() {
        JoeHttp.Reply help = http.command("helper", "c", "help");
        assertThat(help.ok()).isTrue();
        assertThat(help.text()).contains("explain <sql>").contains("hypo create");
        JoeHttp.Reply unknown = http.command("helper", "c", "select 1");
        assertThat(unknown.status()).isEqualTo(200);
        assertThat(unknown.ok()).isFalse();
        assertThat(unknown.text()).contains("unknown command 'select'");
        assertThat(engine.client().clones()).noneMatch(c -> c.id().startsWith("joe-") && joe.sessions().find(
                new io.dblab.joe.session.SessionKey("helper", "c")).isPresent());
    }

    @Test
    void explainPlanExecResetAndTheCatalog() {
        JoeHttp.Reply explain = http.command("alice", "perf", "explain select count(*) from orders where total > 500");
        assertThat(explain.ok()).as(explain.body()).isTrue();
        assertThat(explain.json().path("plan").path("text").asText()).contains("Seq Scan on public.orders")
                .contains("actual time=");
        assertThat(explain.json().path("plan").path("json").isArray()).isTrue();
        assertThat(explain.json().path("summary").path("executionTimeMs").isNumber()).isTrue();
        assertThat(explain.json().path("summary").path("buffers").isArray()).isTrue();
        assertThat(explain.json().path("insights").isArray()).isTrue();
        String flame = explain.json().path("flameGraph").asText();
        assertThat(flame).startsWith("/api/flamegraphs/");
        JoeHttp.Reply svg = http.get(flame);
        assertThat(svg.status()).isEqualTo(200);
        assertThat(svg.body()).startsWith("<svg").contains("Seq Scan");
        assertThat(http.send("GET", flame, null, null).status()).isEqualTo(401);

        JoeHttp.Reply plan = http.command("alice", "perf", "plan select * from orders where total = 42");
        assertThat(plan.json().path("plan").path("text").asText()).contains("Seq Scan").doesNotContain("actual time");

        JoeHttp.Reply exec = http.command("alice", "perf", "exec create index orders_total_idx on orders (total)");
        assertThat(exec.ok()).as(exec.body()).isTrue();
        assertThat(exec.text()).startsWith("exec: completed in").contains("rows affected: 0");
        assertThat(http.command("alice", "perf", "plan select * from orders where total = 42").json()
                .path("plan").path("text").asText()).contains("orders_total_idx");
        JoeHttp.Reply update = http.command("alice", "perf", "exec update orders set total = total where id <= 10");
        assertThat(update.text()).contains("rows affected: 10");
        JoeHttp.Reply select = http.command("alice", "perf", "exec select * from customers where id <= 3");
        assertThat(select.text()).contains("rows returned: 3 (not shown)").doesNotContain("example.com");

        JoeHttp.Reply dt = http.command("alice", "perf", "\\dt+");
        assertThat(dt.text()).contains("customers").contains("orders").contains("table");
        JoeHttp.Reply di = http.command("alice", "perf", "\\di");
        assertThat(di.text()).contains("orders_total_idx").contains("orders_customer_idx");
        JoeHttp.Reply d = http.command("alice", "perf", "\\d orders");
        assertThat(d.text()).contains("Table \"public.orders\"").contains("customer_id").contains("bigint")
                .contains("nextval('public.orders_id_seq'::regclass)").contains("\"orders_pkey\" PRIMARY KEY, btree (id)")
                .contains("orders_customer_id_fkey").doesNotContain("[redacted]");
        assertThat(http.command("alice", "perf", "\\dv").text()).contains("big_orders");
        assertThat(http.command("alice", "perf", "\\d+ big_orders").text()).contains("View definition:").contains("900");
        assertThat(http.command("alice", "perf", "\\l").text()).contains("postgres");

        JoeHttp.Reply reset = http.command("alice", "perf", "reset");
        assertThat(reset.ok()).as(reset.body()).isTrue();
        assertThat(http.command("alice", "perf", "\\di").text()).doesNotContain("orders_total_idx");
    }

    @Test
    void hypotheticalIndexesAreMadeByJoeAndUsedByPlan() {
        JoeHttp.Reply created = http.command("bob", "perf", "hypo create index on orders (total)");
        assertThat(created.ok()).as(created.body()).isTrue();
        assertThat(created.text()).contains("hypothetical index").contains("btree_orders_total");
        String oid = created.text().replaceAll("(?s)hypothetical index (\\d+) created.*", "$1");
        assertThat(http.command("bob", "perf", "hypo list").text()).contains(oid).contains("USING btree (total)");
        assertThat(http.command("bob", "perf", "hypo desc " + oid).text()).contains("estimated size");
        assertThat(http.command("bob", "perf", "plan select * from orders where total = 42").json()
                .path("plan").path("text").asText()).contains("btree_orders_total").doesNotContain("[redacted]");
        assertThat(http.command("bob", "perf", "hypo drop " + oid).text()).contains("dropped");
        assertThat(http.command("bob", "perf", "hypo list").text()).isEqualTo("no hypothetical indexes");
        http.command("bob", "perf", "hypo create index on orders (created_at)");
        assertThat(http.command("bob", "perf", "hypo reset").text()).isEqualTo("all hypothetical indexes dropped");
        // the person's role cannot create the extension itself: Joe's management connection did
        JoeHttp.Reply own = http.command("bob", "perf", "exec create extension if not exists pg_stat_statements");
        assertThat(own.ok()).isFalse();
        assertThat(own.text()).contains("permission denied");
    }

    @Test
    void activityListsTheBackendsAndTerminateEndsOneOfThePersons() {
        http.command("carol", "perf", "plan select 1");
        JoeHttp.Reply activity = http.command("carol", "perf", "activity");
        assertThat(activity.ok()).as(activity.body()).isTrue();
        assertThat(activity.text()).contains("PID").contains("you").contains("Joe");
        String pid = activity.text().lines().filter(l -> l.contains("| you")).findFirst().orElseThrow().strip().split(" ")[0];
        assertThat(http.command("carol", "perf", "terminate " + pid).text()).isEqualTo("backend " + pid + " terminated");
        JoeHttp.Reply after = http.command("carol", "perf", "plan select 1");
        assertThat(after.ok()).isTrue();
        assertThat(after.json().path("notes").toString()).contains("Joe reconnected");
        assertThat(http.command("carol", "perf", "terminate 1").text()).contains("no backend 1 of yours");
    }

    @Test
    void errorsComeBackRedactedAndTheHistoryKeepsCommandsAndAnswers() {
        JoeHttp.Reply error = http.command("dave", "hist", "explain select email::int from customers");
        assertThat(error.ok()).isFalse();
        assertThat(error.text()).contains("invalid input syntax for type integer").doesNotContain("example.com");
        JoeHttp.Reply history = http.get("/api/history" + JoeHttp.query("dave", "hist"));
        assertThat(history.json().path("entries")).hasSize(1);
        assertThat(history.json().path("entries").get(0).path("typed").asText()).isEqualTo("explain select email::int from customers");
        JoeHttp.Reply cleared = http.send("DELETE", "/api/history" + JoeHttp.query("dave", "hist"), null, JoeFixture.TOKEN);
        assertThat(cleared.json().path("deleted").asInt()).isEqualTo(1);
        assertThat(http.get("/api/history" + JoeHttp.query("dave", "hist")).json().path("entries")).isEmpty();
    }
}
