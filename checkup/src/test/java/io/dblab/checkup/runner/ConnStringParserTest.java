package io.dblab.checkup.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnStringParserTest {
    private final ConnStringParser parser = new ConnStringParser(Map.of(), "osuser");

    @Test
    void readsUris() {
        ConnTarget t = parser.parse("postgresql://app@db1.example:6432/shop?sslmode=require&connect_timeout=5");
        assertThat(t.host()).isEqualTo("db1.example");
        assertThat(t.port()).isEqualTo(6432);
        assertThat(t.user()).isEqualTo("app");
        assertThat(t.database()).isEqualTo("shop");
        assertThat(t.params()).containsEntry("sslmode", "require").containsEntry("connect_timeout", "5");
        assertThat(t.name()).isEqualTo("db1.example:6432");
        assertThat(PgSession.jdbcUrl(t)).isEqualTo("jdbc:postgresql://db1.example:6432/shop");
    }

    @Test
    void readsIpv6AndEncodedParts() {
        ConnTarget t = parser.parse("postgres://my%20user@[::1]:5433/my%2Fdb");
        assertThat(t.host()).isEqualTo("::1");
        assertThat(t.port()).isEqualTo(5433);
        assertThat(t.user()).isEqualTo("my user");
        assertThat(t.database()).isEqualTo("my/db");
        assertThat(t.name()).isEqualTo("[::1]:5433");
        assertThat(t.isLocal()).isTrue();
    }

    @Test
    void readsKeyValueStringsWithQuotes() {
        ConnTarget t = parser.parse("host=10.0.0.5 port = 5440 dbname='my db' user=o\\'neil sslmode=verify-full");
        assertThat(t.host()).isEqualTo("10.0.0.5");
        assertThat(t.port()).isEqualTo(5440);
        assertThat(t.database()).isEqualTo("my db");
        assertThat(t.user()).isEqualTo("o'neil");
        assertThat(t.params()).containsEntry("sslmode", "verify-full");
    }

    @Test
    void fillsDefaultsFromEnvironmentThenLibpqDefaults() {
        ConnStringParser withEnv = new ConnStringParser(Map.of("PGHOST", "h", "PGPORT", "7000", "PGUSER", "u"), "osuser");
        ConnTarget t = withEnv.parse("dbname=x");
        assertThat(t.host()).isEqualTo("h");
        assertThat(t.port()).isEqualTo(7000);
        assertThat(t.user()).isEqualTo("u");
        ConnTarget d = parser.parse("postgresql://");
        assertThat(d.host()).isEqualTo("localhost");
        assertThat(d.port()).isEqualTo(5432);
        assertThat(d.user()).isEqualTo("osuser");
        assertThat(d.database()).isEqualTo("osuser");
    }

    @Test
    void refusesPasswordsOnTheCommandLine() {
        assertThatThrownBy(() -> parser.parse("postgresql://app:hunter2@db/shop"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("password")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> parser.parse("host=db password=hunter2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PGPASSWORD")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> parser.parse("postgresql://db/shop?password=hunter2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("hunter2");
    }

    @Test
    void refusesWhatItCannotDo() {
        assertThatThrownBy(() -> parser.parse("host=a,b")).hasMessageContaining("one host per --conn");
        assertThatThrownBy(() -> parser.parse("host=/var/run/postgresql")).hasMessageContaining("Unix-domain sockets");
        assertThatThrownBy(() -> parser.parse("host=db options=-cwork_mem=1GB")).hasMessageContaining("options");
        assertThatThrownBy(() -> parser.parse("host=db port=abc")).hasMessageContaining("invalid port");
        assertThatThrownBy(() -> parser.parse("nonsense")).hasMessageContaining("missing '='");
        assertThatThrownBy(() -> parser.parse("host='unterminated")).hasMessageContaining("unterminated");
    }
}
