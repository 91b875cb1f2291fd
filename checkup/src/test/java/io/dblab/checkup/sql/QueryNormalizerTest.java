package io.dblab.checkup.sql;

import static io.dblab.checkup.sql.QueryNormalizer.normalize;
import static io.dblab.checkup.sql.QueryNormalizer.statementType;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QueryNormalizerTest {

    @Test
    void replacesPlainStringsAndNumbersKeepingTheRest() {
        assertThat(normalize("SELECT a, b FROM t WHERE a = 'x' AND b > 42"))
                .isEqualTo("SELECT a, b FROM t WHERE a = $1 AND b > $2");
    }

    @Test
    void keepsExistingPlaceholdersAndNumbersAfterThem() {
        assertThat(normalize("select * from t where a = $1 and b = $2 limit 10"))
                .isEqualTo("select * from t where a = $1 and b = $2 limit $3");
        assertThat(normalize("select $10, 'x'")).isEqualTo("select $10, $11");
    }

    @Test
    void doubledQuotesStayInsideTheString() {
        assertThat(normalize("SET application_name = 'it''s a secret' ; SELECT 1"))
                .isEqualTo("SET application_name = $1 ; SELECT $2");
        assertThat(normalize("select '''', ''''''")).isEqualTo("select $1, $2");
    }

    @Test
    void escapeStringsWithBackslashes() {
        // E'\'' is one quote; E'\\' is one backslash; E'\\''' is a backslash and a quote
        assertThat(normalize("select E'\\'', E'\\\\', E'\\\\''', e'a\\nb'"))
                .isEqualTo("select $1, $2, $3, $4");
        assertThat(normalize("select E'\\' secret' as x")).isEqualTo("select $1 as x");
    }

    @Test
    void prefixedLiterals() {
        assertThat(normalize("select B'1010', X'1F', b'0', x'ff', N'nat', U&'d\\0061t\\+000061'"))
                .isEqualTo("select $1, $2, $3, $4, $5, $6");
        assertThat(normalize("select U&'d!0061t' UESCAPE '!'")).isEqualTo("select $1 UESCAPE $2");
    }

    @Test
    void quotedIdentifiersStayIncludingUnicodeOnes() {
        assertThat(normalize("select \"my \"\"col\"\"\" from \"Tab'le\" where x = 'v'"))
                .isEqualTo("select \"my \"\"col\"\"\" from \"Tab'le\" where x = $1");
        assertThat(normalize("select U&\"d\\0061t\" from t")).isEqualTo("select U&\"d\\0061t\" from t");
    }

    @Test
    void dollarQuotesIncludingNestedOnes() {
        assertThat(normalize("DO $$BEGIN PERFORM 'secret'; END$$")).isEqualTo("DO $1");
        assertThat(normalize("DO $outer$ BEGIN EXECUTE $inner$ select 'secret' $inner$; END $outer$ LANGUAGE plpgsql"))
                .isEqualTo("DO $1 LANGUAGE plpgsql");
        assertThat(normalize("select $a$ has $$ and $b$ inside $a$, 1"))
                .isEqualTo("select $1, $2");
        assertThat(normalize("CREATE FUNCTION f() RETURNS int AS $body$ select 42 $body$ LANGUAGE sql"))
                .isEqualTo("CREATE FUNCTION f() RETURNS int AS $1 LANGUAGE sql");
    }

    @Test
    void identifiersMayHoldDollarSigns() {
        assertThat(normalize("select a$b$c from t$1")).isEqualTo("select a$b$c from t$1");
    }

    @Test
    void commentsAreRemovedEvenWithQuotesInside() {
        assertThat(normalize("select /* it's 'x' */ a -- don't 'y'\n from t"))
                .isEqualTo("select a from t");
        assertThat(normalize("select /* outer /* inner ' */ still comment ' */ 1"))
                .isEqualTo("select $1");
        assertThat(normalize("select 1 -- trailing 'secret'")).isEqualTo("select $1");
        assertThat(normalize("select 'a' /* unterminated 'x'")).isEqualTo("select $1");
    }

    @Test
    void operatorsStopBeforeComments() {
        assertThat(normalize("select 2*-- c\n3")).isEqualTo("select $1* $2");
        assertThat(normalize("select 2 </*c*/ 3")).isEqualTo("select $1 < $2");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "select 1e-5|select $1",
            "select 1E+10, 2e3|select $1, $2",
            "select .5, 5., 3.14|select $1, $2, $3",
            "select 0x1F, 0o17, 0b101, 1_000_000|select $1, $2, $3, $4",
            "select 123abc|select $1",
            "select a[1:2]|select a[$1:$2]",
            "select x::numeric(10,2)|select x::numeric($1,$2)",
            "for i in 1..10 loop|for i in $1..$2 loop",
            "select -7|select -$1",
    })
    void numbers(String in, String expected) {
        assertThat(normalize(in)).isEqualTo(expected);
    }

    @Test
    void typedLiteralsAndCasts() {
        assertThat(normalize("select date '2024-01-01', interval'1 day', '5'::int"))
                .isEqualTo("select date $1, interval $2, $3::int");
    }

    @Test
    void unterminatedLiteralsSwallowTheRest() {
        assertThat(normalize("select 'never ends, secret")).isEqualTo("select $1");
        assertThat(normalize("select $q$ never ends secret")).isEqualTo("select $1");
        assertThat(normalize("select \"never ends secret")).isEqualTo("select $1");
        assertThat(normalize("select E'ends with backslash\\'")).isEqualTo("select $1");
    }

    @Test
    void backslashQuoteInPlainStringIsAmbiguousAndRedactsTheRest() {
        // with standard_conforming_strings=off the string goes on past the second quote
        assertThat(normalize("select 'a\\', secret_col, 'b' from t")).isEqualTo("select $1");
        // a backslash that does not change where the string ends is no problem
        assertThat(normalize("select 'a\\b' like x from t")).isEqualTo("select $1 like x from t");
    }

    @Test
    void utilityStatementsLosetheirLiterals() {
        assertThat(normalize("SET search_path = 'S3cr3t', public")).isEqualTo("SET search_path = $1, $2");
        assertThat(normalize("COPY t FROM '/tmp/x.csv' WITH (FORMAT csv, DELIMITER ';')"))
                .isEqualTo("COPY t FROM $1 WITH (FORMAT csv, DELIMITER $2)");
        assertThat(normalize("CREATE TABLE t (a text DEFAULT 'x', b int DEFAULT 5)"))
                .isEqualTo("CREATE TABLE t (a text DEFAULT $1, b int DEFAULT $2)");
        assertThat(normalize("ALTER ROLE r PASSWORD 'hunter2'")).isEqualTo("ALTER ROLE r PASSWORD $1");
        assertThat(normalize("VACUUM (BUFFER_USAGE_LIMIT 256) t")).isEqualTo("VACUUM (BUFFER_USAGE_LIMIT $1) t");
    }

    @Test
    void settingValuesWrittenAsWordsAreReplacedToo() {
        assertThat(normalize("SET app.tenant = acme_S3cr3t")).isEqualTo("SET app.tenant = $1");
        assertThat(normalize("set local search_path to myschema, \"Other\"; select 1"))
                .isEqualTo("set local search_path to $1, $2; select $3");
        assertThat(normalize("ALTER ROLE bob SET app.key TO S3cr3t")).isEqualTo("ALTER ROLE bob SET app.key TO $1");
        assertThat(normalize("ALTER DATABASE d SET work_mem = '64MB'")).isEqualTo("ALTER DATABASE d SET work_mem = $1");
        assertThat(normalize("SET x = DEFAULT")).isEqualTo("SET x = DEFAULT");
        assertThat(normalize("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE"))
                .isEqualTo("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE");
        assertThat(normalize("ALTER TABLE t RENAME TO u")).isEqualTo("ALTER TABLE t RENAME TO u");
        assertThat(normalize("UPDATE t SET a = b WHERE c = d")).isEqualTo("UPDATE t SET a = b WHERE c = d");
    }

    @Test
    void whitespaceIsCollapsedAndWordsNeverMerge() {
        assertThat(normalize("  select\n\t a\r\n  from   t  ")).isEqualTo("select a from t");
        assertThat(normalize("select 1as x")).isEqualTo("select $1 x");
        assertThat(normalize("select x/**/from t")).isEqualTo("select x from t");
        assertThat(normalize(null)).isEmpty();
        assertThat(normalize("   ")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "select 'S3cr3t'", "select E'S3cr3t\\''", "select $x$S3cr3t$x$", "select U&'S3cr3t'",
            "select 'a' 'S3cr3t'", "select 'a'\n'S3cr3t'", "select X'S3cr3t'", "select 'x\\' 'S3cr3t'",
            "select '", "select 'S3cr3t", "/* 'S3cr3t' */ select", "select 1 -- S3cr3t",
            "select \"a\" 'S3cr3t' \"b\"", "select 'S3cr3t'::text", "do $$ $a$ S3cr3t $a$ $$",
            "select e'\\\\' 'S3cr3t'", "select $1 'S3cr3t'", "select n'S3cr3t'", "select 3S3cr3t",
    })
    void noPlantedValueSurvives(String sql) {
        assertThat(normalize(sql)).doesNotContain("S3cr3t");
    }

    /** Random statements of identifiers, operators, comments and literals of every form, each literal holding the secret. */
    @Test
    void noSecretSurvivesInRandomStatements() {
        java.util.Random random = new java.util.Random(42);
        String nasty = "ab '\"$\\-/*;\n\t.eE1";
        for (int n = 0; n < 3000; n++) {
            StringBuilder sql = new StringBuilder(random.nextBoolean() ? "SELECT " : "DO ");
            int parts = 1 + random.nextInt(8);
            for (int p = 0; p < parts; p++) {
                StringBuilder content = new StringBuilder();
                for (int i = random.nextInt(6); i > 0; i--) {
                    content.append(nasty.charAt(random.nextInt(nasty.length())));
                }
                content.insert(random.nextInt(content.length() + 1), "S3cr3t");
                String c = content.toString();
                switch (random.nextInt(12)) {
                    case 0 -> sql.append('\'').append(c.replace("'", "''")).append('\'');
                    case 1 -> sql.append("E'").append(c.replace("\\", "\\\\").replace("'", "\\'")).append('\'');
                    case 2 -> sql.append("$q$").append(c.replace("$q$", "")).append("$q$");
                    case 3 -> sql.append("$$").append(c.replace("$", "")).append("$$");
                    case 4 -> sql.append("U&'").append(c.replace("'", "''")).append('\'');
                    case 5 -> sql.append(random.nextBoolean() ? "B'" : "X'").append(c.replace("'", "''")).append('\'');
                    case 6 -> sql.append("/*").append(c.replace("/*", "").replace("*/", "")).append("*/");
                    case 7 -> sql.append("--").append(c.replace("\n", "").replace("\r", "")).append('\n');
                    case 8 -> sql.append("N'").append(c.replace("'", "''")).append('\'');
                    case 9 -> sql.append(random.nextInt(1000)).append(random.nextBoolean() ? "e-5" : ".25");
                    case 10 -> sql.append("\"col").append(random.nextInt(9)).append('"');
                    default -> sql.append(random.nextBoolean() ? "a$b" : "x::int");
                }
                sql.append(random.nextBoolean() ? " " : random.nextBoolean() ? "," : "||");
            }
            assertThat(normalize(sql.toString())).as(sql.toString()).doesNotContain("S3cr3t");
        }
    }

    @Test
    void statementTypes() {
        assertThat(statementType("SELECT 1")).isEqualTo("SELECT");
        assertThat(statementType("  select * from t")).isEqualTo("SELECT");
        assertThat(statementType("((select 1) union (select 2))")).isEqualTo("SELECT");
        assertThat(statementType("with x as (select 1) insert into t select * from x")).isEqualTo("WITH");
        assertThat(statementType("/* c */ update t set a = 1")).isEqualTo("UPDATE");
        assertThat(statementType("-- c\ninsert into t values (1)")).isEqualTo("INSERT");
        assertThat(statementType("copy t to stdout")).isEqualTo("COPY");
        assertThat(statementType("'x'")).isEqualTo("OTHER");
        assertThat(statementType("")).isEqualTo("OTHER");
        assertThat(statementType(null)).isEqualTo("OTHER");
    }
}
