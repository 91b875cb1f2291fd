package io.dblab.engine.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dblab.client.Json;
import io.dblab.engine.config.ConfigOverlay;
import io.dblab.engine.config.EngineConfig;
import io.dblab.engine.config.EngineConfigLoader;
import io.dblab.engine.error.BadRequestException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigProjectionTest {
    private static final EngineConfig CONFIG = EngineConfigLoader.parse("""
            retrieval:
              source: {connStr: "host=src.example.com port=5433 user=dblab dbname=app sslmode=require", password: s3cret}
              databases: [app, billing]
              parallelJobs: 3
              refresh: {timetable: "0 1 * * 0"}
              logical: {restoreOptions: [--no-owner]}
            provision:
              cloneSettings: {work_mem: 8MB}
            """, Map.of());

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void projectsOurKeysIntoTheReferencesShapeWithoutThePassword() {
        JsonNode projection = Json.mapper().valueToTree(ConfigProjection.of(CONFIG));

        assertThat(projection.at("/global/debug").booleanValue()).isFalse();
        assertThat(projection.at("/databaseConfigs/configs/work_mem").asText()).isEqualTo("8MB");
        assertThat(projection.at("/retrieval/refresh/timetable").asText()).isEqualTo("0 1 * * 0");
        JsonNode dump = projection.at("/retrieval/spec/logicalDump/options");
        assertThat(dump.at("/source/connection").toString())
                .isEqualTo("{\"dbname\":\"app\",\"host\":\"src.example.com\",\"port\":5433,\"username\":\"dblab\"}");
        assertThat(dump.at("/databases").toString()).isEqualTo("{\"app\":{},\"billing\":{}}");
        assertThat(dump.at("/parallelJobs").intValue()).isEqualTo(3);
        assertThat(projection.at("/retrieval/spec/logicalRestore/options/customOptions").toString()).isEqualTo("[\"--no-owner\"]");
        assertThat(projection.toString()).doesNotContain("s3cret").doesNotContain("password");
    }

    @Test
    void mapsEveryProjectedKeyOntoOurs() {
        ConfigProjection.Update update = ConfigProjection.parse(json("""
                {"global": {"debug": true},
                 "databaseConfigs": {"configs": {"work_mem": "64MB", "max_connections": 50}},
                 "databaseContainer": {"dockerImage": "postgresai/extended-postgres:15"},
                 "retrieval": {"refresh": {"timetable": "0 2 * * *"},
                   "spec": {"logicalDump": {"options": {
                       "source": {"connection": {"host": "new.example.com", "port": "6432", "password": "n3w"}},
                       "databases": {"app": {}, "other": null}, "parallelJobs": 4, "customOptions": [], "ignoreErrors": false}},
                     "logicalRestore": {"options": {"parallelJobs": 4, "customOptions": ["--no-privileges"]}}}}}
                """), CONFIG);

        assertThat(update.overlay()).isEqualTo(new ConfigOverlay(true, Map.of("work_mem", "64MB", "max_connections", "50"),
                "0 2 * * *", "host='new.example.com' port='6432' user='dblab' dbname='app' sslmode='require'", "n3w",
                List.of("app", "other"), 4, List.of("--no-privileges")));
        assertThat(update.notApplied()).containsOnlyKeys(ConfigProjection.DOCKER_IMAGE);
    }

    @Test
    void whatIsNotGivenOrNullStaysAsItIs() {
        ConfigProjection.Update update = ConfigProjection.parse(json("""
                {"global": null, "retrieval": {"spec": {"logicalDump": {"options": {"source": {"connection": {"password": ""}}}}}}}
                """), CONFIG);

        assertThat(update.overlay()).isEqualTo(ConfigOverlay.none());
        assertThat(ConfigProjection.parse(json("{}"), CONFIG).overlay()).isEqualTo(ConfigOverlay.none());
    }

    @Test
    void everyProblemOfTheBodyIsNamedInOneMessage() {
        assertThatThrownBy(() -> ConfigProjection.parse(json("""
                {"global": {"debug": "yes"}, "unknown": 1,
                 "databaseConfigs": {"configs": {"work_mem": {"a": 1}}},
                 "retrieval": {"spec": {"logicalDump": {"options": {
                     "source": {"connection": {"port": "abc", "password": 12345678}},
                     "databases": {"app": {"tables": ["t"]}}, "parallelJobs": 0, "customOptions": ["--data-only"],
                     "ignoreErrors": true, "extra": 1}}}}}
                """), CONFIG))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("global.debug: must be a boolean")
                .hasMessageContaining("unknown key 'unknown'")
                .hasMessageContaining("databaseConfigs.configs.work_mem: must be a string or a number")
                .hasMessageContaining("connection.port: must be a port number from 1 to 65535")
                .hasMessageContaining("connection.password: must be a string")
                .hasMessageContaining("databases.app: per-database options are not taken here")
                .hasMessageContaining("logicalDump.options.parallelJobs: must be an integer of at least 1")
                .hasMessageContaining("logicalDump.options.customOptions: pg_dump's options are the engine's")
                .hasMessageContaining("logicalDump.options.ignoreErrors: only false is taken")
                .hasMessageContaining("unknown key 'retrieval.spec.logicalDump.options.extra'")
                .message().doesNotContain("12345678");
    }

    @Test
    void dumpAndRestoreJobsMustAgreeSinceOneSettingRunsBoth() {
        assertThatThrownBy(() -> ConfigProjection.parse(json("""
                {"retrieval": {"spec": {"logicalDump": {"options": {"parallelJobs": 2}},
                                        "logicalRestore": {"options": {"parallelJobs": 8}}}}}
                """), CONFIG)).hasMessageContaining("differ");
        assertThat(ConfigProjection.parse(json("""
                {"retrieval": {"spec": {"logicalRestore": {"options": {"parallelJobs": 8}}}}}
                """), CONFIG).overlay().parallelJobs()).isEqualTo(8);
    }

    @Test
    void aBodyThatIsNotAnObjectIsRefused() {
        assertThatThrownBy(() -> ConfigProjection.parse(json("[1]"), CONFIG)).hasMessageContaining("must be an object");
        assertThatThrownBy(() -> ConfigProjection.parse(json("{\"retrieval\": 5}"), CONFIG))
                .hasMessageContaining("retrieval: must be an object");
    }
}
