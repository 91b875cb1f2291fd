package io.dblab.joe.command;

import java.util.Optional;

/** What a person asked for in chat, parsed. */
public sealed interface Command {
    /** The command's name as the person types it, for answers, history and the audit log. */
    String verb();

    /** {@code explain <sql>} (runs it) or {@code plan <sql>} (plans it only). */
    record Explain(boolean analyze, String sql) implements Command {
        public String verb() {
            return analyze ? "explain" : "plan";
        }
    }

    /** {@code exec <sql>}: a change that stays in the clone until reset. */
    record Exec(String sql) implements Command {
        public String verb() {
            return "exec";
        }
    }

    record Reset() implements Command {
        public String verb() {
            return "reset";
        }
    }

    /** {@code hypo create|list|desc|drop|reset}; {@code argument} is the index statement or the index's OID. */
    record Hypo(HypoAction action, String argument) implements Command {
        public String verb() {
            return "hypo";
        }
    }

    record Activity() implements Command {
        public String verb() {
            return "activity";
        }
    }

    record Terminate(int pid) implements Command {
        public String verb() {
            return "terminate";
        }
    }

    record Help() implements Command {
        public String verb() {
            return "help";
        }
    }

    /** A psql-style catalog command: {@code \d}, {@code \dt+ orders*}, {@code \l}. */
    record Describe(DescribeKind kind, boolean plus, Optional<String> pattern) implements Command {
        public String verb() {
            return kind.command() + (plus ? "+" : "");
        }
    }

    enum HypoAction { CREATE, LIST, DESC, DROP, RESET }
}
