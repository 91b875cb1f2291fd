package io.dblab.joe.command;

import java.util.Arrays;
import java.util.Optional;

/** The psql catalog commands Joe answers, and the relation kinds (pg_class.relkind) each lists. */
public enum DescribeKind {
    RELATIONS("\\d", "rpvmSf", "relations"),
    TABLES("\\dt", "rp", "tables"),
    INDEXES("\\di", "iI", "indexes"),
    VIEWS("\\dv", "v", "views"),
    MATERIALIZED_VIEWS("\\dm", "m", "materialized views"),
    DATABASES("\\l", "", "databases");

    private final String command;
    private final String relkinds;
    private final String noun;

    DescribeKind(String command, String relkinds, String noun) {
        this.command = command;
        this.relkinds = relkinds;
        this.noun = noun;
    }

    public String command() {
        return command;
    }

    String relkinds() {
        return relkinds;
    }

    String noun() {
        return noun;
    }

    static Optional<DescribeKind> of(String command) {
        return Arrays.stream(values()).filter(k -> k.command.equals(command)).findFirst();
    }
}
