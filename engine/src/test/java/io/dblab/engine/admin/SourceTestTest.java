package io.dblab.engine.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dblab.engine.config.SourceConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceTestTest {
    private static final List<SourceTest.Database> DATABASES = List.of(new SourceTest.Database("app", true, 1000L),
            new SourceTest.Database("locked", false, null), new SourceTest.Database("postgres", true, 10L));
    private static final SourceTest.Unreadable NONE = new SourceTest.Unreadable(0, List.of(), null);

    private static SourceTest.Facts facts(boolean dumpable, boolean readsAll, List<SourceTest.Database> databases) {
        return new SourceTest.Facts(15, dumpable, "the source runs PostgreSQL 17 and …", readsAll, databases,
                Map.of("work_mem", "64MB"));
    }

    @Test
    void aReadableSourceIsReadyInTheReferencesWords() {
        SourceTest.Result result = SourceTest.evaluate(facts(true, true, DATABASES), List.of("app"), db -> NONE);

        assertThat(result).isEqualTo(new SourceTest.Result("ok", "ok", SourceTest.READY, 15, Map.of("work_mem", "64MB"),
                List.of(DATABASES.get(0))));
    }

    @Test
    void aNewerServerThanOurPgDumpIsAnError() {
        SourceTest.Result result = SourceTest.evaluate(facts(false, true, DATABASES), List.of(), db -> NONE);

        assertThat(result.status()).isEqualTo("error");
        assertThat(result.result()).isEqualTo(SourceTest.UNSUPPORTED_VERSION);
        assertThat(result.message()).startsWith("The source runs PostgreSQL 17");
    }

    @Test
    void missingAndClosedDatabasesAreNamed() {
        assertThat(SourceTest.evaluate(facts(true, true, DATABASES), List.of("app", "gone"), db -> NONE))
                .extracting(SourceTest.Result::result, SourceTest.Result::message)
                .containsExactly(SourceTest.MISSING_DATABASE, "Not found on the source (or closed to all connections): \"gone\"");
        // without a list, every database retrieval would copy must be open to the user
        assertThat(SourceTest.evaluate(facts(true, true, DATABASES), List.of(), db -> NONE).message())
                .startsWith("The user may not connect to \"locked\"");
    }

    @Test
    void withoutReadingEverythingTheTablesOfEachDatabaseAreChecked() {
        List<String> asked = new ArrayList<>();
        SourceTest.Result result = SourceTest.evaluate(facts(true, false, DATABASES), List.of("app", "postgres"), db -> {
            asked.add(db);
            return db.equals("app") ? new SourceTest.Unreadable(4, List.of("public.a", "public.b"), null) : NONE;
        });

        assertThat(asked).containsExactly("app", "postgres");
        assertThat(result.result()).isEqualTo(SourceTest.INSUFFICIENT_PRIVILEGES);
        assertThat(result.message()).contains("\"app\": 4 tables or sequences, such as public.a, public.b")
                .doesNotContain("\"postgres\"");
    }

    @Test
    void onlyFiveDatabasesAreCheckedOneByOneAndTheNoticeSaysWhich() {
        List<SourceTest.Database> many = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            many.add(new SourceTest.Database("db" + i, true, 1L));
        }
        List<String> asked = new ArrayList<>();
        SourceTest.Result result = SourceTest.evaluate(facts(true, false, many), List.of(), db -> {
            asked.add(db);
            return NONE;
        });

        assertThat(asked).hasSize(SourceTest.MAX_DATABASES_CHECKED);
        assertThat(result.status()).isEqualTo("notice");
        assertThat(result.result()).isEqualTo(SourceTest.UNVERIFIED_DATABASE);
    }

    @Test
    void aRequestNeedsAHostAUserAndANumericPort() {
        assertThatThrownBy(() -> SourceTest.target(new SourceTest.Request("", "abc", null, null, "pw", null)))
                .hasMessageContaining("host is required").hasMessageContaining("username is required")
                .hasMessageContaining("port must be a number from 1 to 65535, got 'abc'");
        assertThatThrownBy(() -> SourceTest.target(new SourceTest.Request("h", "70000", null, "u", null, null)))
                .hasMessageContaining("got '70000'");
        assertThat(SourceTest.target(new SourceTest.Request("h", "5433", "", "u", null, List.of("app"))))
                .isEqualTo(new SourceTest.Target(new SourceConnection("h", 5433, "postgres", "u"), "postgres", List.of("app")));
        assertThat(new SourceTest.Request("h", "1", "d", "u", "s3cret", null).toString()).doesNotContain("s3cret");
    }
}
