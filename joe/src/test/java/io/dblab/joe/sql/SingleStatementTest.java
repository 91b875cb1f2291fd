package io.dblab.joe.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SingleStatementTest {
    @Test
    void oneStatementWithTrailingSemicolonsAndComments() {
        assertThat(SingleStatement.of("select 1")).hasValue("select 1");
        assertThat(SingleStatement.of("  select 1 ;; -- done\n /* really */ ")).hasValue("select 1");
        assertThat(SingleStatement.of("select 1 -- no newline")).hasValue("select 1 -- no newline");
    }

    @Test
    void semicolonsInsideQuotesAndCommentsDoNotEndIt() {
        assertThat(SingleStatement.of("select ';' as x")).isPresent();
        assertThat(SingleStatement.of("select 'it''s;' as x")).isPresent();
        assertThat(SingleStatement.of("select E'a\\';b' as x")).isPresent();
        assertThat(SingleStatement.of("select \"a;b\" from t")).isPresent();
        assertThat(SingleStatement.of("select $$;$$, $q$ ; $$ ; $q$")).isPresent();
        assertThat(SingleStatement.of("select 1 -- ;\n + 1")).hasValue("select 1 -- ;\n + 1");
        assertThat(SingleStatement.of("select /* ; /* ; */ ; */ 1")).isPresent();
    }

    @Test
    void twoStatementsAreRefused() {
        assertThat(SingleStatement.of("select 1; select 2")).isEmpty();
        assertThat(SingleStatement.of("select 1; -- c\n delete from t")).isEmpty();
        assertThat(SingleStatement.of("select 'a\\'; delete from t; select ''")).as("no backslash escapes without E").isEmpty();
        assertThat(SingleStatement.of("select $1; delete from t")).as("$1 is a parameter, not a dollar quote").isEmpty();
        assertThat(SingleStatement.of("select a$b$c; delete from t")).isEmpty();
    }

    @Test
    void nothingToRun() {
        assertThat(SingleStatement.of("")).isEmpty();
        assertThat(SingleStatement.of(" ; -- only a comment")).isEmpty();
        assertThat(SingleStatement.of("/* x */")).isEmpty();
    }
}
