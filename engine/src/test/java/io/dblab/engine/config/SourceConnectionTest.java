package io.dblab.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourceConnectionTest {
    @Test
    void buildsAQuotedKeywordConnectionStringFromTheReferencesObject() {
        SourceConnection connection = new SourceConnection("db.example.com", 5433, "app's db", "dblab");

        assertThat(connection.connStr()).isEqualTo("host='db.example.com' port='5433' user='dblab' dbname='app\\'s db'");
    }

    @Test
    void leavesOutTheParts_thatAreNotGiven() {
        assertThat(new SourceConnection(" ", null, "postgres", null).connStr()).isEqualTo("dbname='postgres'");
    }

    @Test
    void readsTheKeywordFormBack() {
        SourceConnection original = new SourceConnection("db.example.com", 5433, "app's db", "dblab");

        assertThat(SourceConnection.of(original.connStr())).isEqualTo(original);
        assertThat(SourceConnection.of("host=src port = 6000 user=u sslmode=require"))
                .isEqualTo(new SourceConnection("src", 6000, "", "u"));
    }

    @Test
    void readsTheUriForm() {
        assertThat(SourceConnection.of("postgresql://dblab@db.example.com:5433/app%20db?sslmode=require"))
                .isEqualTo(new SourceConnection("db.example.com", 5433, "app db", "dblab"));
        assertThat(SourceConnection.of("postgres://localhost/postgres?user=admin&port=7000"))
                .isEqualTo(new SourceConnection("localhost", 7000, "postgres", "admin"));
    }

    @Test
    void overAConnectionStringReplacesOnlyTheGivenPartsAndKeepsTheOtherParameters() {
        assertThat(new SourceConnection("new.example.com", 6432, null, null)
                .over("host=old port=5432 user=dblab dbname=app sslmode=require"))
                .isEqualTo("host='new.example.com' port='6432' user='dblab' dbname='app' sslmode='require'");
        assertThat(new SourceConnection(null, null, "other", null).over("postgresql://u@h:5433/app?sslmode=verify-full"))
                .isEqualTo("host='h' port='5433' user='u' dbname='other' sslmode='verify-full'");
        assertThat(new SourceConnection("h", null, null, "u").over(null)).isEqualTo("host='h' user='u'");
    }
}
