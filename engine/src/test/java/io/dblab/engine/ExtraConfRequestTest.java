package io.dblab.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dblab.client.DblabApiException;
import io.dblab.client.model.Clone;
import io.dblab.client.model.CloneRequest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code extra_conf} through the API: off-list settings and bad values are 400s; good ones reach the
 * clone, over the operator's {@code provision.cloneSettings}, which are over the engine's own.
 */
class ExtraConfRequestTest {
    private static final String PASSWORD = "Conf-Pass-6402-walnut-signal";
    private static EngineFixture engine;

    @BeforeAll
    static void start() {
        engine = EngineFixture.start(EngineFixture.Setup.logical(17120, 17129)
                .withCloneSettings(Map.of("work_mem", "7MB", "autovacuum_naptime", "10min")));
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void settingsThatNameFilesLibrariesOrProgramsAreRefusedByName() {
        Map<String, String> refused = Map.of("archive_library", "basic_archive", "jit_provider", "/tmp/evil",
                "external_pid_file", "/tmp/x.pid", "ssl_cert_file", "/etc/shadow", "krb_server_keyfile", "/etc/shadow",
                "log_filename", "../../x");
        refused.forEach((name, value) -> assertRefused(name, value, "setting '" + name + "' cannot be changed"));
    }

    @Test
    void valuesPostgresqlWouldRefuseAreRefusedByName() {
        assertRefused("shared_buffers", "abc", "invalid value for setting 'shared_buffers'");
        assertRefused("work_mem", "-5", "invalid value for setting 'work_mem'");
        assertRefused("statement_timeout", "1 parsec", "invalid value for setting 'statement_timeout'");
        assertRefused("enable_seqscan", "maybe", "invalid value for setting 'enable_seqscan'");
    }

    @Test
    void allowedSettingsReachTheClone() throws SQLException {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("work_mem", "64MB");
        conf.put("enable_seqscan", "off");
        conf.put("statement_timeout", "5s");
        // the engine's own defaults for clones give way to the request's
        conf.put("autovacuum_naptime", "1min");
        conf.put("max_wal_senders", "2");
        engine.client().createClone(new CloneRequest("conf1", null,
                new CloneRequest.DbRequest("tuner", PASSWORD, true, null), null, null, conf));
        Clone clone = engine.awaitStatus("conf1", "OK");
        assertShows(clone, conf);
        engine.client().destroyClone("conf1");
        engine.awaitGone("conf1");
    }

    @Test
    void withoutExtraConfACloneHasTheEnginesAndTheOperatorsSettings() throws SQLException {
        Clone clone = engine.createClone("idle-defaults", "tuner", PASSWORD, false);
        assertShows(clone, Map.of("max_logical_replication_workers", "0", "shared_buffers", "16MB",
                "max_wal_senders", "0", "wal_buffers", "64kB", "max_pred_locks_per_transaction", "32",
                "work_mem", "7MB", "autovacuum_naptime", "10min"));
        engine.client().destroyClone("idle-defaults");
        engine.awaitGone("idle-defaults");
    }

    private static void assertShows(Clone clone, Map<String, String> settings) throws SQLException {
        try (Connection c = EngineFixture.connect(clone, PASSWORD); Statement st = c.createStatement()) {
            for (Map.Entry<String, String> setting : settings.entrySet()) {
                try (ResultSet rs = st.executeQuery("SHOW " + setting.getKey())) {
                    rs.next();
                    assertThat(rs.getString(1)).as(setting.getKey()).isEqualTo(setting.getValue());
                }
            }
        }
    }

    private static void assertRefused(String name, String value, String message) {
        assertThatThrownBy(() -> engine.client().createClone(new CloneRequest("bad1", null,
                new CloneRequest.DbRequest("tuner", PASSWORD, false, null), null, null, Map.of(name, value))))
                .as(name + "=" + value)
                .isInstanceOfSatisfying(DblabApiException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.getMessage()).contains(message);
                });
        assertThat(engine.client().clones()).as("nothing was made").isEmpty();
    }
}
