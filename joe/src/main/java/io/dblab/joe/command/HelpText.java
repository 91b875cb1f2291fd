package io.dblab.joe.command;

/** What {@code help} answers. */
final class HelpText {
    static final String TEXT = """
            Joe runs your SQL on your own clone of the database and answers with plans and advice, never with rows.
              explain <sql>        run the statement (rolled back) and show its plan, timings, buffers, insights, flame graph
              plan <sql>           show the plan without running the statement
              exec <sql>           run DDL or DML on your clone; it stays until 'reset' (answers completion, rows, duration)
              reset                put your clone back to its snapshot
              hypo create <index>  a hypothetical index (HypoPG), e.g. hypo create index on orders (status); then 'plan'
              hypo list | hypo desc <n> | hypo drop <n> | hypo reset
              activity             the backends of your clone
              terminate <pid>      end one of your backends
              \\d [name], \\d+ [name], \\dt[+], \\di[+], \\dv, \\dm, \\l   the catalog, as in psql
              help                 this text
            Every statement has a statement timeout. Errors and notices are shown without data values.""";

    private HelpText() {
    }
}
