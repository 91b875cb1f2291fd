package io.dblab.joe.command;

import java.util.Locale;
import java.util.Optional;

/** Turns what a person typed into a {@link Command}, or says what is wrong with it. */
public final class CommandParser {
    private CommandParser() {
    }

    public static Command parse(String typed) throws BadCommandException {
        String text = typed == null ? "" : typed.strip();
        if (text.isEmpty()) {
            throw new BadCommandException("empty command; type 'help' for the list");
        }
        int space = firstBlank(text);
        String word = (space < 0 ? text : text.substring(0, space)).toLowerCase(Locale.ROOT);
        String rest = space < 0 ? "" : text.substring(space).strip();
        if (word.startsWith("\\")) {
            return describe(word, rest);
        }
        return switch (word) {
            case "explain" -> new Command.Explain(true, sql(word, rest));
            case "plan" -> new Command.Explain(false, sql(word, rest));
            case "exec" -> new Command.Exec(sql(word, rest));
            case "reset" -> noArgument(new Command.Reset(), rest);
            case "activity" -> noArgument(new Command.Activity(), rest);
            case "help" -> new Command.Help();
            case "terminate" -> new Command.Terminate(pid(rest));
            case "hypo" -> hypo(rest);
            default -> throw new BadCommandException("unknown command '" + word + "'; type 'help' for the list");
        };
    }

    private static Command describe(String word, String rest) throws BadCommandException {
        boolean plus = word.endsWith("+");
        String base = plus ? word.substring(0, word.length() - 1) : word;
        Optional<DescribeKind> kind = DescribeKind.of(base);
        if (kind.isEmpty() || plus && kind.get() == DescribeKind.DATABASES) {
            throw new BadCommandException("unknown command '" + word + "'; Joe answers \\d, \\d+, \\dt, \\dt+, \\di, \\di+,"
                    + " \\dv, \\dm and \\l");
        }
        return new Command.Describe(kind.get(), plus, rest.isEmpty() ? Optional.empty() : Optional.of(rest));
    }

    private static Command hypo(String rest) throws BadCommandException {
        int space = firstBlank(rest);
        String action = (space < 0 ? rest : rest.substring(0, space)).toLowerCase(Locale.ROOT);
        String argument = space < 0 ? "" : rest.substring(space).strip();
        return switch (action) {
            case "create" -> {
                if (argument.isEmpty()) {
                    throw new BadCommandException("hypo create needs an index statement, such as: hypo create index on orders (status)");
                }
                String statement = argument.toLowerCase(Locale.ROOT).startsWith("create") ? argument : "CREATE " + argument;
                yield new Command.Hypo(Command.HypoAction.CREATE, statement);
            }
            case "list" -> noArgument(new Command.Hypo(Command.HypoAction.LIST, ""), argument);
            case "reset" -> noArgument(new Command.Hypo(Command.HypoAction.RESET, ""), argument);
            case "desc" -> new Command.Hypo(Command.HypoAction.DESC, Long.toString(oid(argument)));
            case "drop" -> new Command.Hypo(Command.HypoAction.DROP, Long.toString(oid(argument)));
            default -> throw new BadCommandException("hypo takes create, list, desc, drop or reset");
        };
    }

    private static String sql(String word, String rest) throws BadCommandException {
        if (rest.isEmpty()) {
            throw new BadCommandException(word + " needs an SQL statement, such as: " + word + " select 1");
        }
        return rest;
    }

    private static Command noArgument(Command command, String rest) throws BadCommandException {
        if (!rest.isEmpty()) {
            throw new BadCommandException(command.verb() + " takes no argument");
        }
        return command;
    }

    private static int pid(String rest) throws BadCommandException {
        return (int) positive(rest, Integer.MAX_VALUE, "terminate needs a process ID from 'activity', such as: terminate 12345");
    }

    private static long oid(String argument) throws BadCommandException {
        return positive(argument, 0xFFFF_FFFFL, "give the hypothetical index's number from 'hypo list'");
    }

    private static long positive(String text, long max, String otherwise) throws BadCommandException {
        try {
            long value = Long.parseLong(text);
            if (value > 0 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new BadCommandException(otherwise);
    }

    private static int firstBlank(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
