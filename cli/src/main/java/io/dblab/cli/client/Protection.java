package io.dblab.cli.client;

import io.dblab.client.model.ProtectionRequest;
import java.util.Locale;
import java.util.Stack;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;

/**
 * The value of {@code --protected}, in the reference CLI's grammar: {@code true} (or the flag
 * alone) protects for the engine's default time, {@code false} lifts the protection, and a number
 * of minutes, or {@code 30m}, {@code 2h}, {@code 7d}, protects for that long ({@code 0}: until
 * unprotected). The engine gets {@code protected} and, for a time, {@code protectionDurationMinutes}.
 *
 * @param minutes null for the engine's default duration
 */
public record Protection(boolean isProtected, Long minutes) {
    static final String LABEL = "true|false|MINUTES|30m|2h|7d";
    static final String DESCRIPTION = "protect from deletion: 'true' (or the flag alone) for the engine's default"
            + " time, minutes or 30m, 2h, 7d for that long, 0 until unprotected; 'false' lifts the protection";
    /** The reference's limit: a longer protection is a mistake, not a wish. */
    static final long MAX_MINUTES = 365L * 24 * 60;
    private static final Pattern DURATION = Pattern.compile("(\\d{1,10})([mhd]?)");

    /** {@code "true"}, {@code "false"}, minutes, or minutes, hours or days with {@code m}, {@code h}, {@code d}. */
    public static Protection parse(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.isEmpty() || lower.equals("true")) {
            return new Protection(true, null);
        }
        if (lower.equals("false")) {
            return new Protection(false, null);
        }
        Matcher m = DURATION.matcher(lower);
        if (!m.matches()) {
            throw invalid(value, "");
        }
        long minutes = Long.parseLong(m.group(1)) * switch (m.group(2)) {
            case "h" -> 60;
            case "d" -> 24 * 60;
            default -> 1;
        };
        if (minutes > MAX_MINUTES) {
            throw invalid(value, "at most 365 days; ");
        }
        return new Protection(true, minutes);
    }

    /** The body of {@code PATCH /snapshot/{id}} and {@code PATCH /branch/{name}}. */
    ProtectionRequest request() {
        return new ProtectionRequest(isProtected, minutes, null);
    }

    private static IllegalArgumentException invalid(String value, String reason) {
        return new IllegalArgumentException("invalid --protected value: '" + value.replaceAll("\\p{Cntrl}", "?")
                + "' (" + reason + "use 'true', 'false', minutes, or a duration like 30m, 2h, 7d)");
    }

    /**
     * Reads the value after {@code --protected}, which may be left out ({@code true}). A word that
     * cannot be a value is left for a positional parameter the command still lacks, so that
     * {@code clone update --protected CLONE_ID} protects CLONE_ID; otherwise it is the value, and a
     * bad one is a usage error that names it.
     */
    public static final class Consumer implements IParameterConsumer {
        /** What is meant as a value, right or wrong, rather than as an id or a name. */
        private static final Pattern VALUE_LIKE = Pattern.compile("(?i)true|false|-?\\d.*");

        @Override
        public void consumeParameters(Stack<String> args, ArgSpec option, CommandSpec command) {
            String value = "true";
            if (!args.isEmpty() && takesNext(args.peek(), command)) {
                value = args.pop();
            }
            try {
                option.setValue(parse(value));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(command.commandLine(), e.getMessage());
            }
        }

        private static boolean takesNext(String next, CommandSpec command) {
            if (command.findOption(next) != null || next.startsWith("--")
                    || command.subcommands().containsKey(next)) {
                return false;
            }
            return VALUE_LIKE.matcher(next).matches()
                    || command.positionalParameters().stream().allMatch(Consumer::filled);
        }

        private static boolean filled(PositionalParamSpec positional) {
            return !positional.originalStringValues().isEmpty() || positional.arity().max() == 0;
        }
    }
}
