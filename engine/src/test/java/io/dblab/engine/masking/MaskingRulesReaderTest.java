package io.dblab.engine.masking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dblab.serverkit.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaskingRulesReaderTest {
    @TempDir
    Path dir;

    private MaskingRules parse(String yaml) {
        return MaskingRulesReader.parse(yaml, "masking.yml", dir);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> rejects(String yaml) {
        return assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void readsEveryActionAndScriptKind() throws IOException {
        Files.writeString(dir.resolve("extra.sql"), "DELETE FROM audit;");
        MaskingRules rules = parse("""
                rules:
                  - {column: public.users.email, action: email}
                  - {column: app.public.users.name, action: name}
                  - {column: public.users.phone, action: phone}
                  - {column: public.users.card, action: partial, keep: 4}
                  - {column: public.users.ssn, action: null}
                  - {column: public.users.note, action: "null"}
                  - {column: public.users.city, action: fixed, value: "Springfield"}
                  - {column: '"Sales.EU".Orders."Customer Ref"', action: hash}
                scripts:
                  - sql: "UPDATE users SET x = 1"
                  - {sqlFile: extra.sql, database: app}
                  - shell: "echo hi"
                """);
        assertThat(rules.rules()).extracting(MaskingRule::action).containsExactly(MaskAction.EMAIL, MaskAction.NAME,
                MaskAction.PHONE, MaskAction.PARTIAL, MaskAction.NULL, MaskAction.NULL, MaskAction.FIXED, MaskAction.HASH);
        assertThat(rules.rules().get(1).column()).isEqualTo(new ColumnRef("app", "public", "users", "name"));
        assertThat(rules.rules().get(3).keep()).isEqualTo(4);
        assertThat(rules.rules().get(6).value()).isEqualTo("Springfield");
        assertThat(rules.rules().get(7).column()).isEqualTo(new ColumnRef(null, "Sales.EU", "orders", "Customer Ref"));
        assertThat(rules.rules().get(7).number()).isEqualTo(8);
        assertThat(rules.scripts()).extracting(MaskingScript::kind)
                .containsExactly(MaskingScript.Kind.SQL, MaskingScript.Kind.SQL, MaskingScript.Kind.SHELL);
        assertThat(rules.scripts().get(1).text()).isEqualTo("DELETE FROM audit;");
        assertThat(rules.scripts().get(1).database()).isEqualTo("app");
        assertThat(rules.scripts().get(0).database()).isEqualTo("postgres");
        assertThat(rules.needsKey()).isTrue();
    }

    @Test
    void anEmptyFileHasNoRules() {
        assertThat(parse("").rules()).isEmpty();
        assertThat(parse("# nothing\n").scripts()).isEmpty();
        assertThat(parse("rules: []").needsKey()).isFalse();
    }

    @Test
    void unknownKeysAreNamed() {
        rejects("rule: []").hasMessage("unknown key 'rule' in masking.yml");
        rejects("rules: [{column: a.b.c, acton: email}]").hasMessage("unknown key 'rules[0].acton' in masking.yml");
        rejects("scripts: [{sql: x, shel: y}]").hasMessage("unknown key 'scripts[0].shel' in masking.yml");
    }

    @Test
    void valuesAreChecked() {
        rejects("rules: [{column: a.b.c, action: scramble}]").hasMessageContaining("'rules[0].action'")
                .hasMessageContaining("'scramble' is not one of null, fixed, hash, email, name, phone, partial");
        rejects("rules: [{column: b.c, action: email}]").hasMessageContaining("'rules[0].column'")
                .hasMessageContaining("schema.table.column");
        rejects("rules: [{column: a.b.c.d.e, action: email}]").hasMessageContaining("'rules[0].column'");
        rejects("rules: [{column: 'a..c', action: email}]").hasMessageContaining("a name part is empty");
        rejects("rules: [{action: email}]").hasMessage("missing key 'rules[0].column' in masking.yml");
        rejects("rules: [{column: a.b.c, action: fixed}]").hasMessageContaining("'rules[0].value'");
        rejects("rules: [{column: a.b.c, action: email, value: x}]").hasMessageContaining("only for action fixed");
        rejects("rules: [{column: a.b.c, action: partial}]").hasMessageContaining("'rules[0].keep'");
        rejects("rules: [{column: a.b.c, action: partial, keep: 0}]").hasMessageContaining("at least 1");
        rejects("rules: [{column: a.b.c, action: hash, keep: 3}]").hasMessageContaining("only for action partial");
        rejects("rules: [{column: a.b.c, action: fixed, value: 0123}]")
                .hasMessageContaining("wrong type for 'rules[0].value'").hasMessageContaining("quote the value");
        rejects("rules: [{column: a.b.c, action: partial, keep: '4'}]").hasMessageContaining("expected an integer");
        rejects("rules: {column: a.b.c}").hasMessageContaining("wrong type for 'rules'");
        rejects("scripts: [{sql: x, shell: y}]").hasMessageContaining("exactly one of sql, sqlFile, shell");
        rejects("scripts: [{database: x}]").hasMessageContaining("exactly one of sql, sqlFile, shell");
        rejects("scripts: [{sqlFile: missing.sql}]").hasMessageContaining("'scripts[0].sqlFile'");
    }

    @Test
    void duplicateKeysAndAliasesAreRejected() {
        rejects("rules: [{column: a.b.c, action: email, action: name}]").hasMessageContaining("action");
        rejects("x: &a {column: a.b.c, action: email}\nrules: [*a]").hasMessageContaining("aliases");
    }

    @Test
    void columnNamesFollowSqlQuoting() {
        assertThat(ColumnRef.parse("Public.Users.Email")).isEqualTo(new ColumnRef(null, "public", "users", "email"));
        assertThat(ColumnRef.parse("db.\"My \"\"Schema\"\"\".t.c"))
                .isEqualTo(new ColumnRef("db", "My \"Schema\"", "t", "c"));
        assertThatThrownBy(() -> ColumnRef.parse("\"a.b.c")).hasMessageContaining("not closed");
        assertThatThrownBy(() -> ColumnRef.parse("\"a\"x.b.c")).hasMessageContaining("after a closing quote");
    }
}
