package io.dblab.platform.server;

import static io.dblab.platform.testing.PlatformFixture.ADMIN_EMAIL;
import static io.dblab.platform.testing.PlatformFixture.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dblab.platform.auth.Refusal;
import io.dblab.platform.auth.SignIn;
import io.dblab.platform.storage.Jdbc;
import io.dblab.platform.storage.StorageException;
import io.dblab.platform.testing.PlatformFixture;
import io.dblab.platform.testing.WebClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One Platform on its embedded database, over real HTTP: sign-in, its limits and cookie, CSRF, escaping,
 * organizations kept apart, tokens, and the audit log with its exports.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlatformHttpTest {
    private static final Pattern NEW_PASSWORD = Pattern.compile("id=\"new-password\">([^<]+)<");
    private static final Pattern NEW_TOKEN = Pattern.compile("id=\"new-token\">(dbp_[^<]+)<");
    PlatformFixture fixture;
    long acme;
    /** Every secret a test used, to be searched for in the audit exports. */
    final List<String> secrets = new ArrayList<>(List.of(ADMIN_PASSWORD));

    @BeforeAll
    void start() {
        fixture = PlatformFixture.start();
        acme = db().one("SELECT id FROM organizations WHERE name = ?", row -> row.getLong("id"), PlatformFixture.ORG).orElseThrow();
    }

    @AfterAll
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private Jdbc db() {
        return fixture.platform().services().db();
    }

    private WebClient admin() {
        WebClient web = new WebClient(fixture.url());
        assertThat(web.signIn(ADMIN_EMAIL, ADMIN_PASSWORD).statusCode()).isEqualTo(200);
        return web;
    }

    /** Adds a member to an organization through the page and returns the password shown once. */
    private String addMember(WebClient by, long org, String email, String role) {
        by.get("/orgs/" + org);
        HttpResponse<String> page = by.post("/orgs/" + org + "/members", "email", email, "role", role);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        String password = match(NEW_PASSWORD, page.body());
        secrets.add(password);
        return password;
    }

    private String createToken(WebClient by, String base, String name) {
        by.get(base);
        HttpResponse<String> page = by.post(base, "name", name, "days", "30");
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        String token = match(NEW_TOKEN, page.body());
        secrets.add(token);
        return token;
    }

    private long createOrganization(WebClient by, String name) {
        by.get("/orgs");
        HttpResponse<String> made = by.post("/orgs", "name", name);
        assertThat(made.statusCode()).isEqualTo(303);
        return Long.parseLong(made.headers().firstValue("Location").orElseThrow().substring("/orgs/".length()));
    }

    private static String match(Pattern pattern, String body) {
        Matcher m = pattern.matcher(body);
        assertThat(m.find()).as("%s in %s", pattern, body).isTrue();
        return m.group(1);
    }

    @Test
    void createAdminThenSignInWithAStrictSessionCookie() {
        WebClient web = new WebClient(fixture.url());
        assertThat(web.get("/orgs").headers().firstValue("Location")).as("not signed in: to the form").hasValue("/signin");
        web.get("/signin");
        HttpResponse<String> signedIn = web.post("/signin", "email", "Admin@Example.com ", "password", ADMIN_PASSWORD);
        assertThat(signedIn.statusCode()).isEqualTo(303);
        String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("dblab_platform_session=").contains("; Path=/").contains("; HttpOnly")
                .contains("; SameSite=Strict").doesNotContain("Secure").as("plain HTTP on loopback");
        secrets.add(cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';')));
        HttpResponse<String> orgs = web.get("/orgs");
        assertThat(orgs.body()).contains(">Acme</a>").contains("owner").contains(ADMIN_EMAIL);
        assertThat(orgs.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("script-src 'self'").contains("frame-ancestors 'none'"));

        web.get("/orgs");
        assertThat(web.post("/signout").statusCode()).isEqualTo(303);
        assertThat(web.get("/orgs").headers().firstValue("Location")).as("the session ended on the server").hasValue("/signin");
    }

    @Test
    void aWrongPasswordIsRefusedAndAudited() {
        WebClient web = new WebClient(fixture.url());
        web.get("/signin");
        HttpResponse<String> refused = web.post("/signin", "email", ADMIN_EMAIL, "password", "not-the-password");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("Wrong email or password.").contains("value=\"admin@example.com\"");
        assertThat(db().one("SELECT count(*) AS n FROM audit_log WHERE action = 'signin' AND result = 'failed' AND actor = ?",
                row -> row.getLong("n"), ADMIN_EMAIL)).hasValueSatisfying(n -> assertThat(n).isPositive());
    }

    @Test
    void signInsAreRateLimitedPerEmailAndPerAddress() {
        String email = "limited@example.com";
        String password = addMember(admin(), acme, email, "member");
        WebClient web = new WebClient(fixture.url());
        web.get("/signin");
        for (int i = 0; i < SignIn.FAILURES_PER_EMAIL; i++) {
            assertThat(web.post("/signin", "email", email, "password", "wrong-" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> limited = web.post("/signin", "email", email, "password", password);
        assertThat(limited.statusCode()).as("even the right password, until the window passes").isEqualTo(429);
        assertThat(limited.body()).contains("Too many failed sign-ins");
        assertThat(db().one("SELECT count(*) AS n FROM audit_log WHERE action = 'signin' AND result = 'denied' AND actor = ?",
                row -> row.getLong("n"), email)).hasValue(1L);

        SignIn signIn = new SignIn(db(), fixture.platform().services().users(), fixture.platform().services().audit());
        String address = "198.51.100.7";
        for (int i = 0; i < SignIn.FAILURES_PER_ADDRESS; i++) {
            String someone = "someone" + i + "@example.com";
            assertThatThrownBy(() -> signIn.check(someone, "guess", address)).isInstanceOf(Refusal.class)
                    .extracting(e -> ((Refusal) e).status()).isEqualTo(401);
        }
        assertThatThrownBy(() -> signIn.check(ADMIN_EMAIL, ADMIN_PASSWORD, address))
                .extracting(e -> ((Refusal) e).status()).isEqualTo(429);
        assertThat(signIn.check(ADMIN_EMAIL, ADMIN_PASSWORD, "198.51.100.8").email()).isEqualTo(ADMIN_EMAIL);
    }

    @Test
    void aFormWithoutItsCsrfTokenIsRefused() {
        WebClient web = admin();
        HttpResponse<String> none = web.postRaw("/orgs/" + acme + "/members", Map.of("email", "x@example.com", "role", "admin"));
        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(none.body()).contains("This form is not from your Platform page");
        HttpResponse<String> wrong = web.postRaw("/tokens", Map.of("csrf", "forged", "name", "t", "days", "1"));
        assertThat(wrong.statusCode()).isEqualTo(403);
        HttpResponse<String> signIn = new WebClient(fixture.url()).postRaw("/signin",
                Map.of("email", ADMIN_EMAIL, "password", ADMIN_PASSWORD));
        assertThat(signIn.statusCode()).isEqualTo(403);
        assertThat(db().one("SELECT count(*) AS n FROM users WHERE email = 'x@example.com'", row -> row.getLong("n"))).hasValue(0L);
    }

    @Test
    void scriptInEveryFieldIsShownEscaped() {
        WebClient web = admin();
        String orgName = "<script>alert('org')</script>";
        String email = "<script>alert(1)</script>@evil.example";
        String tokenName = "<img src=x onerror=alert('token')>";
        long org = createOrganization(web, orgName);
        addMember(web, org, email, "member");
        createToken(web, "/orgs/" + org + "/tokens", tokenName);
        for (String path : List.of("/orgs", "/orgs/" + org, "/orgs/" + org + "/tokens", "/orgs/" + org + "/audit")) {
            String body = web.get(path).body();
            assertThat(body).as(path).doesNotContain("<script>alert").doesNotContain("<img src=x")
                    .contains("&lt;script&gt;alert(");
        }
        assertThat(web.get("/orgs/" + org + "/tokens").body()).contains("&lt;img src=x onerror=alert(");
    }

    @Test
    void anotherOrganizationIsNotFoundInPagesAndApi() {
        WebClient admin = admin();
        long other = createOrganization(admin, "Other Org");
        String outsiderPassword = addMember(admin, other, "outsider@example.com", "admin");
        WebClient outsider = new WebClient(fixture.url());
        assertThat(outsider.signIn("outsider@example.com", outsiderPassword).body()).contains("Other Org").doesNotContain("Acme");
        for (String path : List.of("/orgs/" + acme, "/orgs/" + acme + "/tokens", "/orgs/" + acme + "/audit",
                "/orgs/" + acme + "/audit.csv", "/orgs/999999", "/orgs/not-a-number")) {
            assertThat(outsider.get(path).statusCode()).as(path).isEqualTo(404);
        }
        outsider.get("/orgs/" + other);
        assertThat(outsider.post("/orgs/" + acme + "/members", "email", "spy@example.com", "role", "owner").statusCode()).isEqualTo(404);
        assertThat(outsider.post("/orgs/" + acme + "/tokens", "name", "spy", "days", "1").statusCode()).isEqualTo(404);
        long adminId = fixture.platform().services().users().byEmail(ADMIN_EMAIL).orElseThrow().id();
        assertThat(outsider.post("/orgs/" + acme + "/members/" + adminId + "/remove").statusCode()).isEqualTo(404);

        String userToken = createToken(outsider, "/tokens", "outsider's");
        String orgToken = createToken(outsider, "/orgs/" + other + "/tokens", "other org's");
        for (String token : List.of(userToken, orgToken)) {
            assertThat(outsider.api("/api/organizations/" + acme + "/members", token).statusCode()).isEqualTo(404);
            assertThat(outsider.api("/api/organizations/" + acme + "/audit", token).statusCode()).isEqualTo(404);
            HttpResponse<String> mine = outsider.api("/api/organizations", token);
            assertThat(mine.body()).contains("Other Org").doesNotContain("Acme");
        }
        assertThat(outsider.api("/api/organizations/" + other + "/members", orgToken).body()).contains("outsider@example.com");
        assertThat(db().one("SELECT count(*) AS n FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = ?",
                row -> row.getLong("n"), "spy@example.com")).hasValue(0L);
    }

    @Test
    void expiredAndRevokedTokensAreRefused() {
        WebClient web = admin();
        String revoked = createToken(web, "/tokens", "to revoke");
        String expiring = createToken(web, "/tokens", "to expire");
        assertThat(web.api("/api/me", revoked).body()).contains(ADMIN_EMAIL);
        assertThat(web.api("/api/me", expiring).statusCode()).isEqualTo(200);
        String list = web.get("/tokens").body();
        assertThat(list).contains(revoked.substring(0, 12) + "…").doesNotContain(revoked).doesNotContain(expiring);

        long id = db().one("SELECT id FROM api_tokens WHERE prefix = ?", row -> row.getLong("id"), revoked.substring(0, 12)).orElseThrow();
        assertThat(web.post("/tokens/" + id + "/revoke").statusCode()).isEqualTo(303);
        db().update("UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE prefix = ?", expiring.substring(0, 12));
        for (String token : List.of(revoked, expiring, "dbp_unknown", "not-even-a-token")) {
            HttpResponse<String> refused = web.api("/api/me", token);
            assertThat(refused.statusCode()).as(token).isEqualTo(401);
            assertThat(refused.body()).contains("\"code\":\"UNAUTHORIZED\"");
        }
        assertThat(web.get("/tokens").body()).contains("revoked").contains("expired");
    }

    @Test
    void theAuditLogIsAppendOnlyFilteredAndExportedWithoutSecrets() {
        WebClient web = admin();
        String token = createToken(web, "/tokens", "audit reader");
        addMember(web, acme, "audited@example.com", "admin");
        Jdbc app = db();
        assertThatThrownBy(() -> app.update("UPDATE audit_log SET result = 'ok'")).isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> app.update("DELETE FROM audit_log")).isInstanceOf(StorageException.class);

        String filtered = web.get("/orgs/" + acme + "/audit?action=member.add").body();
        assertThat(filtered).contains("audited@example.com").contains("<td class=\"action\">member.add</td>")
                .doesNotContain("<td class=\"action\">token.create</td>");
        assertThat(web.get("/orgs/" + acme + "/audit?actor=nobody%40example.com").body()).contains("No entries match.");
        assertThat(web.get("/orgs/" + acme + "/audit?from=2999-01-01").body()).contains("No entries match.");
        assertThat(web.get("/orgs/" + acme + "/audit?from=yesterday").statusCode()).isEqualTo(400);

        String csv = web.get("/orgs/" + acme + "/audit.csv").body();
        String json = web.get("/orgs/" + acme + "/audit.json").body();
        String apiCsv = web.api("/api/organizations/" + acme + "/audit?format=csv", token).body();
        String apiJson = web.api("/api/organizations/" + acme + "/audit?action=token.create", token).body();
        assertThat(csv).startsWith("id,at,actor,organization,action,target,result,sourceAddress,details")
                .contains("token.create").contains("member.add").contains("signin");
        assertThat(json).contains("\"action\":\"member.add\"");
        assertThat(apiCsv).contains("token.create");
        assertThat(apiJson).contains("\"target\":\"audit reader\"").doesNotContain("member.add");
        for (String export : List.of(csv, json, apiCsv, apiJson)) {
            for (String secret : secrets) {
                assertThat(export).doesNotContain(secret);
            }
        }
        assertThat(secrets).hasSizeGreaterThan(2);
    }
}
