package io.dblab.joe.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class MessageRedactorTest {
    static String redact(String message, String sql, String... names) {
        return new MessageRedactor(new UserSql(sql), Set.of(names)).redact(message);
    }

    @Test
    void quotedValuesTheUserDidNotWriteAreReplaced() {
        assertThat(redact("invalid input syntax for type integer: \"Tz9-secret\"", "select note::int from t"))
                .isEqualTo("invalid input syntax for type integer: \"[redacted]\"");
        assertThat(redact("invalid input syntax for type integer: \"abc\"", "select 'abc'::int"))
                .isEqualTo("invalid input syntax for type integer: \"abc\"");
        assertThat(redact("invalid value 'Tz9-' for 'YYYY'", "select to_date(note, 'YYYY') from t"))
                .isEqualTo("invalid value '[redacted]' for 'YYYY'");
    }

    @Test
    void namesInTheSqlOrReportedByTheServerStay() {
        assertThat(redact("column \"nosuch\" does not exist", "SELECT NoSuch FROM t"))
                .isEqualTo("column \"nosuch\" does not exist");
        assertThat(redact("duplicate key value violates unique constraint \"t_pkey\"", "insert into t values (1)", "t", "t_pkey"))
                .isEqualTo("duplicate key value violates unique constraint \"t_pkey\"");
        assertThat(redact("relation \"orders\" does not exist", "select * from orders_archive"))
                .as("a value must stand in the SQL as a whole word")
                .isEqualTo("relation \"[redacted]\" does not exist");
    }

    @Test
    void keyValues() {
        assertThat(redact("Key (id, email)=(7, x@y.io) already exists.", "insert into t values (1)"))
                .isEqualTo("Key (id, email)=([redacted]) already exists.");
        assertThat(redact("Key (id, code)=(7, ab(c)) already exists.", "insert into t values (7, 'ab(c)')"))
                .isEqualTo("Key (id, code)=(7, ab(c)) already exists.");
        assertThat(redact("Key (lower(email))=(A(b)c) is duplicated.", "select 1"))
                .isEqualTo("Key (lower(email))=([redacted]) is duplicated.");
    }

    @Test
    void bareNumbersAndBytes() {
        assertThat(redact("requested character too large for encoding: 987654321", "select chr(n) from t"))
                .isEqualTo("requested character too large for encoding: [redacted]");
        assertThat(redact("value too long for type character varying(5)", "insert into t select note from s"))
                .isEqualTo("value too long for type character varying(5)");
        assertThat(redact("invalid byte sequence for encoding \"UTF8\": 0xe2 0x28", "select convert_from(b, 'UTF8') from t"))
                .isEqualTo("invalid byte sequence for encoding \"UTF8\": [redacted]");
        assertThat(redact("LIMIT 50 is too much", "select * from t limit 50")).isEqualTo("LIMIT 50 is too much");
        assertThat(redact("column t.c1 of type int4", "select 1")).isEqualTo("column t.c1 of type int4");
    }

    @Test
    void apostrophesInWordsAreNotQuotes() {
        assertThat(redact("can't do 'Tz9' here", "select 1")).isEqualTo("can't do '[redacted]' here");
    }

    @Test
    void userSqlMatchesWholeTokens() {
        UserSql sql = new UserSql("SELECT Amount FROM orders WHERE note = 'big one' AND id = 15");
        assertThat(sql.mentions("amount")).isTrue();
        assertThat(sql.mentions("big one")).isTrue();
        assertThat(sql.mentions("15")).isTrue();
        assertThat(sql.mentions("1")).isFalse();
        assertThat(sql.mentions("order")).isFalse();
        assertThat(sql.mentions("AMOUNT")).as("only lower case folds").isFalse();
    }
}
