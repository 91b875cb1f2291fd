package io.dblab.platform.joe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dblab.engine.EngineFixture;
import io.dblab.joe.Joe;
import io.dblab.joe.config.JoeConfig;
import io.dblab.joe.testing.JoeFixture;
import io.dblab.joe.testing.JoeHttp;
import io.dblab.platform.audit.AuditEntry;
import io.dblab.platform.audit.AuditFilter;
import io.dblab.platform.auth.Role;
import io.dblab.platform.testing.Orgs;
import io.dblab.platform.testing.PlatformFixture;
import io.dblab.platform.testing.WebClient;
import io.dblab.testkit.TempDirs;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A real Joe (on a real engine) registered with a real Platform, everything over HTTP on loopback: Joe's
 * history arrives, and the Platform's chat reaches Joe; with history off only the audit row is kept;
 * clearing is for admins and audited; a Platform that is down gets Joe's entries later while Joe keeps
 * answering; another organization sees none of it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JoePlatformTest {
    /** The first command of a session makes its clone, which takes a while. */
    private static final Duration ANSWER = Duration.ofMinutes(3);
    private static final Duration ARRIVAL = Duration.ofSeconds(60);
    private static final String EXPLAIN = "explain select * from orders where total > 10";
    EngineFixture engine;
    PlatformFixture platform;
    Path stateDir;
    Joe joe;
    JoeHttp chat;
    long org;
    WebClient admin;

    @BeforeAll
    void start() throws Exception {
        engine = EngineFixture.start(EngineFixture.Setup.logical(19700, 19709));
        platform = PlatformFixture.withSecretKey();
        org = Orgs.first(platform.platform());
        stateDir = Files.createTempDirectory("dblab-joe-platform-");
        JoeConfig c = JoeFixture.config(engine, stateDir);
        joe = Joe.start(new JoeConfig(c.server(), c.engines(), c.channels(), c.sessions(), c.limits(), c.history(), c.audit(),
                c.strictMode(), c.insights(), c.stateDir(), null,
                new JoeConfig.Platform(platform.url(), Orgs.token(platform.platform(), org), "joe-one", null, null)));
        chat = new JoeHttp(joe.port(), JoeFixture.TOKEN);
        admin = new WebClient(platform.url());
        admin.signIn(PlatformFixture.ADMIN_EMAIL, PlatformFixture.ADMIN_PASSWORD);
    }

    @AfterAll
    void stop() throws Exception {
        JoeFixture.stopAll(joe, platform, engine, stateDir);
    }

    @Test
    @Order(1)
    void joeRegistersItsHistoryArrivesAndThePlatformsChatReachesIt() {
        await().atMost(ARRIVAL).until(() -> admin.get("/orgs/" + org + "/joe").body().contains("<td class=\"name\">joe-one</td>"));
        assertThat(admin.get("/orgs/" + org + "/joe").body()).contains("http://127.0.0.1:" + joe.port());
        assertThat(audit("joe.register")).singleElement().satisfies(e -> assertThat(e.target()).isEqualTo("joe joe-one"));

        JoeHttp.Reply reply = chat.command("alice", "C1", EXPLAIN);
        assertThat(reply.ok()).as(reply.body()).isTrue();
        await().atMost(ARRIVAL).until(() -> history("alice").contains("Seq Scan on public.orders"));
        assertThat(history("alice")).contains(EXPLAIN.replace(">", "&gt;"));
        AuditEntry command = await().atMost(ARRIVAL).until(() -> audit("joe.command"), rows -> !rows.isEmpty()).get(0);
        assertThat(command.actor()).isEqualTo("alice");
        assertThat(command.details()).contains("\"command\": \"explain\"").doesNotContain("select").doesNotContain("orders");

        // the Platform's own chat, as the signed-in person, with markup in the command shown as text
        String markup = "<b id=\"injected\">x</b>";
        HttpResponse<String> page = admin.get("/orgs/" + org + "/joe");
        String joeId = page.body().replaceAll("(?s).*<option value=\"(\\d+)\">joe-one</option>.*", "$1");
        HttpResponse<String> answer = admin.post("/orgs/" + org + "/joe/chat", "joe", joeId,
                "text", "explain select '" + markup + "'::text as x");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("<pre class=\"text\">").contains("Result").contains("&lt;b id=\"injected\"&gt;")
                .doesNotContain(markup);
        assertThat(audit("joe.chat")).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo(PlatformFixture.ADMIN_EMAIL);
            assertThat(e.result()).isEqualTo("ok");
            assertThat(e.details()).doesNotContain("injected");
        });
        await().atMost(ARRIVAL).until(() -> history(PlatformFixture.ADMIN_EMAIL).contains("<td>" + JoeActions.CHANNEL + "</td>"));
        assertThat(platform.platform().services().db().list("SELECT details::text FROM audit_log", row -> row.getString(1)))
                .noneMatch(d -> d.contains(JoeFixture.TOKEN) || d.contains("joep_") || d.contains("dbp_"));
    }

    @Test
    @Order(2)
    void historyOffKeepsNoSqlButTheAuditRow() {
        assertThat(admin.post("/orgs/" + org + "/joe/history/switch", "history", "off").statusCode()).isEqualTo(303);
        assertThat(admin.get("/orgs/" + org + "/joe/history").body()).contains("History is <strong>off</strong>");
        assertThat(chat.command("bob", "C1", "explain select 4242 as marker").ok()).isTrue();
        await().atMost(ARRIVAL).until(() -> audit("joe.command").stream().anyMatch(e -> e.actor().equals("bob")));
        assertThat(platform.platform().services().db().list("SELECT count(*) FROM joe_history WHERE joe_user = 'bob'"
                + " OR typed LIKE '%4242%' OR plan LIKE '%4242%' OR answer LIKE '%4242%'", row -> row.getLong(1))).containsExactly(0L);
        assertThat(audit("joe.history.off")).hasSize(1);
        assertThat(admin.post("/orgs/" + org + "/joe/history/switch", "history", "on").statusCode()).isEqualTo(303);
        assertThat(audit("joe.history.on")).hasSize(1);
    }

    @Test
    @Order(3)
    void onlyAdminsClearTheHistoryAndClearingIsAudited() {
        Orgs.addPerson(platform.platform(), org, "member@example.com", "member-password-1234", Role.MEMBER);
        WebClient member = new WebClient(platform.url());
        member.signIn("member@example.com", "member-password-1234");
        assertThat(member.get("/orgs/" + org + "/joe/history").body()).contains("Seq Scan").doesNotContain("history-clear");
        assertThat(member.post("/orgs/" + org + "/joe/history/clear").statusCode()).isEqualTo(403);
        assertThat(member.post("/orgs/" + org + "/joe/history/switch", "history", "off").statusCode()).isEqualTo(403);
        assertThat(audit("joe.history.clear")).singleElement().satisfies(e -> assertThat(e.result()).isEqualTo("denied"));

        assertThat(admin.post("/orgs/" + org + "/joe/history/clear").statusCode()).isEqualTo(303);
        assertThat(admin.get("/orgs/" + org + "/joe/history").body()).contains("No entries.");
        assertThat(audit("joe.history.clear")).first().satisfies(e -> {
            assertThat(e.actor()).isEqualTo(PlatformFixture.ADMIN_EMAIL);
            assertThat(e.result()).isEqualTo("ok");
            assertThat(e.details()).contains("\"deleted\": 2");
        });
    }

    @Test
    @Order(4)
    void aPlatformThatIsDownGetsTheEntryLaterAndJoeKeepsAnswering() {
        platform.platform().close();
        JoeHttp.Reply reply = chat.command("carol", "C2", EXPLAIN);
        assertThat(reply.ok()).as("Joe answers while the Platform is down: " + reply.body()).isTrue();
        platform.startAgain();
        admin = new WebClient(platform.url());
        admin.signIn(PlatformFixture.ADMIN_EMAIL, PlatformFixture.ADMIN_PASSWORD);
        await().atMost(ARRIVAL).until(() -> history("carol").contains("Seq Scan on public.orders"));
    }

    @Test
    @Order(5)
    void anotherOrganizationSeesNothingOfIt() {
        long other = Orgs.withPerson(platform.platform(), "Other", "eve@example.com", "eve-password-12345");
        WebClient eve = new WebClient(platform.url());
        eve.signIn("eve@example.com", "eve-password-12345");
        for (String path : List.of("/orgs/" + org + "/joe", "/orgs/" + org + "/joe/history")) {
            assertThat(eve.get(path).statusCode()).as(path).isEqualTo(404);
        }
        assertThat(eve.post("/orgs/" + org + "/joe/history/clear").statusCode()).isEqualTo(404);
        String joeId = String.valueOf(platform.platform().services().db().list("SELECT id FROM joe_instances",
                row -> row.getLong(1)).get(0));
        HttpResponse<String> chatOther = eve.post("/orgs/" + other + "/joe/chat", "joe", joeId, "text", EXPLAIN);
        assertThat(chatOther.statusCode()).isEqualTo(404);
        assertThat(eve.get("/orgs/" + other + "/joe/history").body()).doesNotContain("carol").contains("No entries.");

        String otherToken = Orgs.token(platform.platform(), other);
        HttpResponse<String> report = eve.postJson("/api/joe/instances/" + joeId + "/history", otherToken,
                "{\"time\": \"2026-03-01T09:00:00Z\", \"user\": \"eve\", \"channel\": \"x\", \"command\": \"help\", \"outcome\": \"OK\"}");
        assertThat(report.statusCode()).isEqualTo(404);
        assertThat(history("eve")).doesNotContain("<td class=\"user\">eve</td>");
    }

    private String history(String user) {
        return admin.get("/orgs/" + org + "/joe/history?user=" + java.net.URLEncoder.encode(user, java.nio.charset.StandardCharsets.UTF_8)).body();
    }

    private List<AuditEntry> audit(String action) {
        return platform.platform().services().audit().read(org, new AuditFilter(null, null, null, action), 100);
    }
}
