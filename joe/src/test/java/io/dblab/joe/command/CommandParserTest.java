package io.dblab.joe.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommandParserTest {
    @Test
    void sqlCommandsKeepTheStatementAsWritten() throws Exception {
        assertThat(CommandParser.parse("  EXPLAIN select *\n from t where a = 'X'  "))
                .isEqualTo(new Command.Explain(true, "select *\n from t where a = 'X'"));
        assertThat(CommandParser.parse("plan select 1")).isEqualTo(new Command.Explain(false, "select 1"));
        assertThat(CommandParser.parse("exec create index on t (a)")).isEqualTo(new Command.Exec("create index on t (a)"));
    }

    @Test
    void catalogCommandsTakeAnOptionalPattern() throws Exception {
        assertThat(CommandParser.parse("\\d")).isEqualTo(new Command.Describe(DescribeKind.RELATIONS, false, Optional.empty()));
        assertThat(CommandParser.parse("\\dt+ public.order*"))
                .isEqualTo(new Command.Describe(DescribeKind.TABLES, true, Optional.of("public.order*")));
        assertThat(CommandParser.parse("\\l")).isEqualTo(new Command.Describe(DescribeKind.DATABASES, false, Optional.empty()));
        assertThat(((Command.Describe) CommandParser.parse("\\di+")).verb()).isEqualTo("\\di+");
        assertThatThrownBy(() -> CommandParser.parse("\\dx")).hasMessageContaining("unknown command '\\dx'");
        assertThatThrownBy(() -> CommandParser.parse("\\l+")).hasMessageContaining("unknown command '\\l+'");
    }

    @Test
    void hypoTakesAnIndexStatementOrANumber() throws Exception {
        assertThat(CommandParser.parse("hypo create index on orders (status)"))
                .isEqualTo(new Command.Hypo(Command.HypoAction.CREATE, "CREATE index on orders (status)"));
        assertThat(CommandParser.parse("hypo create create unique index on t (a)"))
                .isEqualTo(new Command.Hypo(Command.HypoAction.CREATE, "create unique index on t (a)"));
        assertThat(CommandParser.parse("hypo drop 13556")).isEqualTo(new Command.Hypo(Command.HypoAction.DROP, "13556"));
        assertThat(CommandParser.parse("hypo list")).isEqualTo(new Command.Hypo(Command.HypoAction.LIST, ""));
        assertThatThrownBy(() -> CommandParser.parse("hypo drop x")).hasMessageContaining("hypo list");
        assertThatThrownBy(() -> CommandParser.parse("hypo desc 99999999999")).hasMessageContaining("hypo list");
        assertThatThrownBy(() -> CommandParser.parse("hypo create")).hasMessageContaining("needs an index statement");
        assertThatThrownBy(() -> CommandParser.parse("hypo frob")).hasMessage("hypo takes create, list, desc, drop or reset");
    }

    @Test
    void mistakesAreSaidWithWhatWouldWork() throws Exception {
        assertThat(CommandParser.parse("terminate 4242")).isEqualTo(new Command.Terminate(4242));
        assertThatThrownBy(() -> CommandParser.parse("terminate -1")).hasMessageContaining("terminate needs a process ID");
        assertThatThrownBy(() -> CommandParser.parse("explain")).hasMessage("explain needs an SQL statement, such as: explain select 1");
        assertThatThrownBy(() -> CommandParser.parse("reset now")).hasMessage("reset takes no argument");
        assertThatThrownBy(() -> CommandParser.parse("   ")).hasMessageContaining("empty command");
        assertThatThrownBy(() -> CommandParser.parse("select 1")).hasMessage("unknown command 'select'; type 'help' for the list");
    }
}
