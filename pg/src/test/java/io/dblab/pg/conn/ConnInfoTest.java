package io.dblab.pg.conn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnInfoTest {
    @Test
    void readsTheKeywordFormWithQuotesAndEscapes() {
        assertThat(ConnInfo.parse("host=db port = 5433 dbname='my \\'db\\'' sslmode=require"))
                .containsExactly(Map.entry("host", "db"), Map.entry("port", "5433"), Map.entry("dbname", "my 'db'"),
                        Map.entry("sslmode", "require"));
    }

    @Test
    void readsTheUriFormAndRecordsAPasswordWithoutItsText() {
        assertThat(ConnInfo.parse("postgresql://u:hunter2@[::1]:5433/app%20db?sslmode=verify-full"))
                .containsEntry("user", "u").containsEntry("password", "(given)").containsEntry("host", "::1")
                .containsEntry("port", "5433").containsEntry("dbname", "app db").containsEntry("sslmode", "verify-full")
                .doesNotContainValue("hunter2");
    }

    @Test
    void malformedStringsAreRefusedWithoutQuotingValues() {
        assertThatThrownBy(() -> ConnInfo.parse("nonsense")).hasMessageContaining("missing '='");
        assertThatThrownBy(() -> ConnInfo.parse("password='secret")).hasMessageContaining("unterminated")
                .hasMessageNotContaining("secret'");
    }
}
