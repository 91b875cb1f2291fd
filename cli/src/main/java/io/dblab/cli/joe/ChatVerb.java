package io.dblab.cli.joe;

import java.util.List;

/** The commands of Joe's chat that the CLI has a subcommand for; {@link #SEND} takes any text. */
enum ChatVerb {
    EXPLAIN("explain", "SQL", "1..*",
            "Run the statement on your clone with EXPLAIN ANALYZE, rolled back: the plan, timings, buffers and advice."),
    PLAN("plan", "SQL", "1..*", "The statement's plan without running it."),
    EXEC("exec", "SQL", "1..*", "Run DDL or DML on your clone; the change stays until reset."),
    RESET("reset", "", "0", "Your clone back to its snapshot."),
    HYPO("hypo", "ARG", "1..*", "Hypothetical indexes: create <index>, list, desc <n>, drop <n>, reset."),
    ACTIVITY("activity", "", "0", "The backends of your clone."),
    TERMINATE("terminate", "PID", "1", "End one of your backends."),
    HELP("help", "", "0", "Joe's own list of commands."),
    SEND("send", "TEXT", "1..*", "Any command as typed in chat, such as: dblab joe send '\\d+ orders'.");

    final String command;
    /** What the command's words are called in its usage; empty when it takes none. */
    final String label;
    final String arity;
    final String description;

    ChatVerb(String command, String label, String arity, String description) {
        this.command = command;
        this.label = label;
        this.arity = arity;
        this.description = description;
    }

    /** The chat text: the verb and the words, as a person would type them; {@code send} sends the words alone. */
    String text(List<String> words) {
        String joined = String.join(" ", words);
        return this == SEND ? joined : (command + " " + joined).strip();
    }
}
