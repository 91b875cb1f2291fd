package io.dblab.platform.joe;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which kind of Joe command a text or a reported command name is, as the audit log names it: one of Joe's
 * verbs or psql-style {@code \d} commands, else {@code other}, so that a first word that is not a command
 * (a pasted secret, say) never reaches the audit log.
 */
final class CommandKind {
    private static final Set<String> VERBS = Set.of("explain", "plan", "exec", "reset", "hypo", "activity", "terminate", "help");
    private static final Pattern DESCRIBE = Pattern.compile("\\\\d[a-z]{0,2}\\+?");

    private CommandKind() {}

    static String of(String text) {
        String t = text == null ? "" : text.strip();
        int space = t.indexOf(' ');
        String first = (space < 0 ? t : t.substring(0, space)).toLowerCase(Locale.ROOT);
        return VERBS.contains(first) || DESCRIBE.matcher(first).matches() ? first : "other";
    }
}
