package io.dblab.joe.guard;

import io.dblab.joe.redact.MessageRedactor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Judges the texts of one answer, with the names the catalog vouched for already looked up. Each
 * method returns the text with what may not be shown replaced by {@value #REDACTED}.
 */
public final class Vetting {
    public static final String REDACTED = MessageRedactor.REDACTED;
    /** Words PostgreSQL itself puts into plans and deparsed SQL that are neither keywords nor catalog names. */
    static final Set<String> VOCABULARY = Set.of("SubPlan", "InitPlan", "returns", "hashed", "CTE", "ss",
            "unnamed_subquery", "ANY_subquery", "*SELECT*", "*VALUES*", "?column?", "excluded", "Worker", "worker",
            "*TLIST*", "*RESULT*", "old", "new", "subquery", "unnamed_join", "joinalias", REDACTED);
    /** The first word of the built-in types a literal may be cast to in the production schema's own expressions. */
    private static final Set<String> BUILTIN_TYPES = Set.of("text", "integer", "bigint", "smallint", "numeric", "character",
            "varchar", "bpchar", "boolean", "date", "timestamp", "timestamptz", "time", "timetz", "interval", "json",
            "jsonb", "uuid", "bytea", "double", "real", "inet", "cidr", "macaddr", "macaddr8", "money", "oid", "name",
            "xml", "bit", "varbit", "tsvector", "tsquery", "point", "line", "lseg", "box", "path", "polygon", "circle",
            "char", "int2", "int4", "int8", "float4", "float8", "pg_catalog");
    private static final Pattern DEDUPLICATED = Pattern.compile("(.+)_\\d+");
    private static final Pattern GENERATED_ALIAS = Pattern.compile("\\*(SELECT|VALUES)\\*(?:[ _]\\d+)?");
    private static final Pattern QUOTED_IN_MESSAGE = Pattern.compile("(?<![\\p{L}\\p{N}_])'((?:[^']|'')*)'(?![\\p{L}\\p{N}_])"
            + "|\"((?:[^\"]|\"\")*)\"");

    private final SessionText written;
    private final Set<String> known;

    Vetting(SessionText written, Set<String> known) {
        this.written = written;
        this.known = known;
    }

    /** A name as a whole (a relation, index, schema, alias): shown when it is one of the known or written ones. */
    public String name(String name) {
        return name == null || nameOk(name) ? name : REDACTED;
    }

    /** Deparsed SQL: an expression, a filter, an index or view definition. */
    public String expression(String text, Origin origin) {
        if (text == null) {
            return null;
        }
        List<Token> tokens = SqlTokenizer.tokens(text);
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            out.append(switch (token.kind()) {
                case WORD -> nameOk(token.value()) ? token.raw() : REDACTED;
                case QUOTED_NAME -> nameOk(token.value()) ? token.raw() : '"' + REDACTED + '"';
                case LITERAL -> literalOk(token, origin) ? token.raw() : "'" + REDACTED + "'";
                case NUMBER -> numberOk(tokens, i, origin) ? token.raw() : REDACTED;
                case OTHER -> token.raw();
            });
        }
        return out.toString();
    }

    /** Prose the catalog holds (a comment): as it is when it predates the session, else only if the person wrote it all. */
    public String freeText(String text, Origin origin) {
        if (text == null || origin == Origin.BASELINE || written.wrote(text)) {
            return text;
        }
        return REDACTED;
    }

    /**
     * A server message that {@link io.dblab.joe.redact.ErrorRedactor} has already cleaned: the names it
     * kept because the server reported them as the objects concerned must be known or written too.
     */
    public String message(String text) {
        if (text == null) {
            return null;
        }
        Matcher quoted = QUOTED_IN_MESSAGE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (quoted.find()) {
            boolean single = quoted.group(1) != null;
            String value = single ? quoted.group(1) : quoted.group(2);
            String keep = nameOk(value) || value.equals(REDACTED) ? quoted.group() : (single ? "'" : "\"") + REDACTED + (single ? "'" : "\"");
            quoted.appendReplacement(out, Matcher.quoteReplacement(keep));
        }
        quoted.appendTail(out);
        return out.toString();
    }

    public boolean nameOk(String name) {
        if (name.isEmpty() || VOCABULARY.contains(name) || GENERATED_ALIAS.matcher(name).matches()
                || known.contains(name) || written.wrote(name)) {
            return true;
        }
        Matcher deduplicated = DEDUPLICATED.matcher(name);
        return deduplicated.matches() && nameOk(deduplicated.group(1));
    }

    private boolean literalOk(Token literal, Origin origin) {
        String value = literal.value();
        String type = literal.castType() == null ? null : literal.castType().toLowerCase(Locale.ROOT);
        if (type != null && (type.startsWith("reg") || type.startsWith("pg_catalog.reg"))) {
            // 'public.orders'::regclass prints the current name of an object: a name, judged as one
            return nameParts(value).stream().allMatch(this::nameOk);
        }
        if (origin == Origin.BASELINE) {
            // an enum label or a domain's value reads from a catalog row the person may have changed
            return type == null || BUILTIN_TYPES.contains(firstWord(type)) || known.contains(value) || written.wrote(value);
        }
        return written.wrote(value) || arrayElementsWritten(value);
    }

    /** '{1,2,3}': what the server made of "IN (1, 2, 3)". */
    private boolean arrayElementsWritten(String value) {
        if (!(value.startsWith("{") && value.endsWith("}")) || value.length() < 3) {
            return false;
        }
        for (String element : value.substring(1, value.length() - 1).split(",")) {
            String bare = element.strip();
            if (bare.length() >= 2 && bare.startsWith("\"") && bare.endsWith("\"")) {
                bare = bare.substring(1, bare.length() - 1);
            }
            if (!written.wrote(bare)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Numbers PostgreSQL writes into a statement's plan on its own ($1, SubPlan 2) are shown; other
     * numbers only if the person wrote them, since a folded function call shows its result (and a type
     * modifier such as varchar(20) may have been set by dynamic SQL).
     */
    private boolean numberOk(List<Token> tokens, int at, Origin origin) {
        if (origin == Origin.BASELINE || written.wrote(tokens.get(at).value())) {
            return true;
        }
        String before = at > 0 ? tokens.get(at - 1).raw() : "";
        if (before.endsWith("$")) {
            return true;
        }
        if (at > 1 && before.equals(" ")) {
            String word = tokens.get(at - 2).value();
            return word.equals("SubPlan") || word.equals("InitPlan");
        }
        return false;
    }

    private static String firstWord(String type) {
        int end = 0;
        while (end < type.length() && SqlTokenizer.isWordPart(type.charAt(end))) {
            end++;
        }
        return type.substring(0, end);
    }

    /** The forms of a name worth looking up: itself, and without a "_2" the server added to keep aliases apart. */
    static List<String> forms(String name) {
        List<String> forms = new ArrayList<>(List.of(name));
        Matcher deduplicated = DEDUPLICATED.matcher(name);
        if (deduplicated.matches()) {
            forms.add(deduplicated.group(1));
        }
        return forms;
    }

    /** "public.orders" and "\"My Table\"" as the names they consist of. */
    static List<String> nameParts(String qualified) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < qualified.length(); i++) {
            char c = qualified.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < qualified.length() && qualified.charAt(i + 1) == '"') {
                    part.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == '.' && !quoted) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        return parts;
    }
}
