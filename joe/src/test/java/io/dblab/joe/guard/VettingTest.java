package io.dblab.joe.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The guard's rules on texts, with the catalog's answer given (the server test reads a real catalog). */
class VettingTest {
    private static final Set<String> CATALOG = Set.of("orders", "status", "public", "orders_pkey", "calm", "nextval",
            "integer", "text", "mood", "regclass");
    /** As pg_get_keywords() lists them, in lower case. */
    private static final Set<String> KEYWORDS = Set.of("and", "is", "null", "character", "varying", "check");

    private static Vetting vet(SessionText written, String... texts) {
        NameCatalog catalog = new NameCatalog() {
            @Override
            public Set<String> known(Set<String> candidates) {
                return candidates.stream().filter(c -> CATALOG.contains(c) || KEYWORDS.contains(c.toLowerCase(java.util.Locale.ROOT)))
                        .collect(java.util.stream.Collectors.toSet());
            }

            @Override
            public Map<String, String> serverSettings(Set<String> names) {
                return Map.of();
            }
        };
        return new OutputGuard(written, catalog, Set.of()).vet(List.of(texts));
    }

    @Test
    void baselineExpressionsKeepTheirLiteralsButNotNamesOfLaterObjects() {
        String def = "nextval('public.s3cr3t_seq'::regclass)";
        assertThat(vet(new SessionText(), def).expression(def, Origin.BASELINE)).isEqualTo("nextval('[redacted]'::regclass)");
        String check = "CHECK (status <> 'archived'::text AND amount < 1000)";
        assertThat(vet(new SessionText(), check).expression(check, Origin.BASELINE))
                .isEqualTo("CHECK (status <> 'archived'::text AND [redacted] < 1000)");
        String enumDefault = "'s3cr3t-label'::mood";
        assertThat(vet(new SessionText(), enumDefault).expression(enumDefault, Origin.BASELINE)).isEqualTo("'[redacted]'::mood");
        assertThat(vet(new SessionText(), "'calm'::mood").expression("'calm'::mood", Origin.BASELINE)).isEqualTo("'calm'::mood");
    }

    @Test
    void sessionExpressionsKeepOnlyWrittenValuesAndTheServersOwnNumbers() {
        SessionText written = new SessionText();
        written.add("select * from orders where status = 'open' and x::varchar(30) is null");
        String filter = "((status = 'open'::text) AND (status <> 'gold'::text) AND ((x)::character varying(30) IS NULL)"
                + " AND ((y)::character varying(91827) IS NULL) AND (id = $1) AND (SubPlan 2))";
        assertThat(vet(written, filter).expression(filter, Origin.SESSION)).isEqualTo(
                "((status = 'open'::text) AND (status <> '[redacted]'::text) AND ((x)::character varying(30) IS NULL)"
                        + " AND (([redacted])::character varying([redacted]) IS NULL) AND ([redacted] = $1) AND (SubPlan 2))");
        assertThat(vet(written, "(amount = 42)").expression("(amount = 42)", Origin.SESSION)).isEqualTo("([redacted] = [redacted])");
    }

    @Test
    void generatedAliasesFollowTheirNames() {
        Vetting vetting = vet(new SessionText(), "orders_1", "\"*SELECT* 2\"", "secret_1");
        assertThat(vetting.name("orders_1")).isEqualTo("orders_1");
        assertThat(vetting.expression("\"*SELECT* 2\".a", Origin.SESSION)).isEqualTo("\"*SELECT* 2\".[redacted]");
        assertThat(vetting.name("secret_1")).isEqualTo("[redacted]");
    }

    @Test
    void commentsOfTheSessionMustBeWrittenWhole() {
        SessionText written = new SessionText();
        written.add("comment on table orders is 'our orders'");
        Vetting vetting = vet(written);
        assertThat(vetting.freeText("our orders", Origin.SESSION)).isEqualTo("our orders");
        assertThat(vetting.freeText("Zq9-secret", Origin.SESSION)).isEqualTo("[redacted]");
        assertThat(vetting.freeText("Customer orders, one row each", Origin.BASELINE)).isEqualTo("Customer orders, one row each");
    }

    @Test
    void messagesKeepOnlyQuotedNamesThatAreKnownOrWritten() {
        String message = "null value in column \"amount\" of relation \"Zq9-secret\" violates not-null constraint; can't go on";
        Vetting vetting = vet(new SessionText(), message);
        assertThat(vetting.message(message))
                .isEqualTo("null value in column \"[redacted]\" of relation \"[redacted]\" violates not-null constraint; can't go on");
        SessionText written = new SessionText();
        written.add("insert into orders (amount) values (null)");
        assertThat(vet(written, message).message(message)).startsWith("null value in column \"amount\" of relation \"[redacted]\"");
    }
}
