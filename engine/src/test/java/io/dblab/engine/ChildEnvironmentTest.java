package io.dblab.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.client.model.Clone;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The engine's secrets stay in the engine: no process it starts for retrieval and cloning (pg_dump,
 * pg_restore, psql, the servers) has them in its environment, and a clone's superuser who runs a
 * program finds them neither. engine/pom.xml gives the test JVM the secrets, as an engine has them.
 */
class ChildEnvironmentTest {
    private static final String PASSWORD_ENV = "DBLAB_TEST_SOURCE_PASSWORD";
    private static final String TOKEN_ENV = "DBLAB_VERIFICATION_TOKEN";
    private static final String CLONE_PASSWORD = "Child-Env-4471-quokka";

    @Test
    void noProcessTheEngineStartsHoldsItsSecrets() throws Exception {
        List<String> secrets = List.of(secret(PASSWORD_ENV), secret(TOKEN_ENV));
        EngineFixture.Setup setup = EngineFixture.Setup.logical(17200, 17209).withPoolSize("3GiB")
                .withSourcePasswordEnv(PASSWORD_ENV);
        try (ProcessWatch watch = ProcessWatch.start(secrets);
             EngineFixture engine = EngineFixture.start(setup, EngineFixture.BULK_TABLES, null)) {
            Clone clone = engine.createClone("envcheck", "envuser", CLONE_PASSWORD, false);
            String cloneEnv;
            try (Connection c = EngineFixture.connect(clone, CLONE_PASSWORD); Statement st = c.createStatement()) {
                st.execute("COPY (SELECT 1) TO PROGRAM 'env > clone-env.txt'");
                try (ResultSet rs = st.executeQuery("SELECT pg_read_file('clone-env.txt')")) {
                    rs.next();
                    cloneEnv = rs.getString(1);
                }
            }
            watch.close();
            SoftAssertions softly = new SoftAssertions();
            softly.assertThat(cloneEnv).contains("PATH=").doesNotContain("PGPASSWORD");
            for (String secret : secrets) {
                softly.assertThat(cloneEnv).as("a clone's environment").doesNotContain(secret);
            }
            // what the watch looked at: the retrieval's tools and the servers, not only this JVM's other children
            softly.assertThat(watch.seen()).as(watch.toString()).contains("pg_dump", "pg_restore", "psql", "postgres");
            softly.assertThat(watch.leaks()).as("processes that held a secret").isEmpty();
            softly.assertAll();
        }
    }

    private static String secret(String variable) {
        String value = System.getenv(variable);
        assertThat(value).as(variable + " in the test JVM's environment (engine/pom.xml sets it)").isNotBlank();
        return value;
    }
}
