package io.dblab.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dblab.serverkit.config.ConfigException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlatformConfigLoaderTest {
    @Test
    void anEmptyFileMeansLoopbackHttpAndTheEmbeddedDatabase() {
        PlatformConfig config = PlatformConfigLoader.parse("", Map.of());
        assertThat(config.server().host()).isEqualTo("127.0.0.1");
        assertThat(config.server().port()).isEqualTo(8080);
        assertThat(config.database().embedded()).isTrue();
        assertThat(config.database().dataDirUnder(Path.of("/etc/dblab"))).isIn(
                Path.of(PlatformConfig.Database.SYSTEM_DATA_DIR), Path.of("/etc/dblab/platform-data"));
        assertThat(config.secrets().keyEnv()).isEqualTo("DBLAB_PLATFORM_KEY");
    }

    @Test
    void readsAnExternalDatabaseWithSecretsFromTheEnvironment() {
        PlatformConfig config = PlatformConfigLoader.parse("""
                database:
                  url: jdbc:postgresql://db.internal:5432/platform
                  user: platform_app
                  password: ${APP_PASSWORD}
                  migrationUser: platform_owner
                  migrationPassword: ${OWNER_PASSWORD}
                secrets: {keyEnv: MY_KEY}
                """, Map.of("APP_PASSWORD", "a", "OWNER_PASSWORD", "o"));
        assertThat(config.database().embedded()).isFalse();
        assertThat(config.database().password()).isEqualTo("a");
        assertThat(config.database().migrationUser()).isEqualTo("platform_owner");
        assertThat(config.secrets().keyEnv()).isEqualTo("MY_KEY");
    }

    @Test
    void refusesWhatIsUnsafeOrInconsistent() {
        assertThatThrownBy(() -> PlatformConfigLoader.parse("server: {host: 0.0.0.0}\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("server.host 0.0.0.0 is not loopback");
        assertThat(PlatformConfigLoader.parse("server: {host: 0.0.0.0, allowInsecureHttp: true}\n", Map.of()).server().port())
                .isEqualTo(8080);
        assertThatThrownBy(() -> PlatformConfigLoader.parse("server: {prot: 1}\n", Map.of()))
                .hasMessage("unknown key 'server.prot' in platform.yml");
        assertThatThrownBy(() -> PlatformConfigLoader.parse("database: {url: 'mysql://x', dataDir: d}\n", Map.of()))
                .hasMessageContaining("database.url must be a PostgreSQL JDBC URL")
                .hasMessageContaining("database.user must be set").hasMessageContaining("database.dataDir is for the embedded");
        assertThatThrownBy(() -> PlatformConfigLoader.parse("database: {user: x}\n", Map.of()))
                .hasMessageContaining("go with database.url");
        assertThatThrownBy(() -> PlatformConfigLoader.parse("server: {tls: {certFile: /nonexistent.pem}}\n", Map.of()))
                .hasMessageContaining("must be set together");
    }
}
