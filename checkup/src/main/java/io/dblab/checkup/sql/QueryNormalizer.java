package io.dblab.checkup.sql;

import io.dblab.checkup.sql.SqlLexer.Kind;
import io.dblab.checkup.sql.SqlLexer.Token;
import java.util.List;
import java.util.Locale;

/**
 * Turns a query text into its normalized form, which holds no data value: every string literal
 * (plain, {@code E''}, {@code N''}, {@code B''}, {@code X''}, {@code U&''}, dollar-quoted) and every
 * numeric literal becomes a {@code $n} placeholder, numbered after the highest placeholder already in
 * the text (so texts that {@code pg_stat_statements} already normalized keep their numbers).
 * Comments are removed, runs of white space become one space; identifiers, quoted identifiers,
 * keywords, operators and punctuation stay as they were, except the values of settings in
 * {@code SET} and {@code ALTER … SET}, which may be bare words and become placeholders too.
 *
 * <p>Where the text cannot be read with certainty the rest of it becomes one placeholder: after a
 * string, dollar quote or quoted identifier that never ends, and from the first string whose extent
 * depends on {@code standard_conforming_strings} (a backslash before a quote in a plain string),
 * since the session that ran it may have had the setting off.
 */
public final class QueryNormalizer {

    private QueryNormalizer() {}

    /** The normalized text of {@code sql}; empty for null or blank input. */
    public static String normalize(String sql) {
        if (sql == null) {
            return "";
        }
        List<Token> on = SqlLexer.tokenize(sql, true);
        List<Token> off = SqlLexer.tokenize(sql, false);
        int agreed = 0;
        while (agreed < on.size() && agreed < off.size() && sameSpan(on.get(agreed), off.get(agreed))) {
            agreed++;
        }
        boolean ambiguous = agreed < on.size() || agreed < off.size();
        int next = highestParameter(on.subList(0, agreed)) + 1;
        boolean[] settingValue = settingValues(on.subList(0, agreed));
        StringBuilder out = new StringBuilder(sql.length());
        for (int i = 0; i < agreed; i++) {
            Token t = on.get(i);
            String text = t.kind().isLiteral() || settingValue[i] ? "$" + next++ : t.text();
            append(out, text, t.spaceBefore());
        }
        if (ambiguous) {
            Token t = agreed < on.size() ? on.get(agreed) : off.get(agreed);
            append(out, "$" + next, t.spaceBefore());
        }
        return out.toString();
    }

    /**
     * The statement type: the first keyword, upper-case ({@code SELECT}, {@code WITH}, {@code SET},
     * {@code COPY} …), after any opening parentheses; {@code OTHER} when the text starts otherwise.
     */
    public static String statementType(String sql) {
        if (sql == null) {
            return "OTHER";
        }
        for (Token t : SqlLexer.tokenize(sql)) {
            if (t.kind() == Kind.PUNCTUATION && t.text().equals("(")) {
                continue;
            }
            if (t.kind() == Kind.WORD) {
                return t.text().toUpperCase(Locale.ROOT);
            }
            return "OTHER";
        }
        return "OTHER";
    }

    /**
     * The words that are values of a setting: in {@code SET name = value} / {@code SET name TO value}
     * and in {@code ALTER … SET name = value} (roles, databases, functions, the system), everything
     * after the {@code =} or {@code TO} up to the end of the statement that is a word or quoted
     * identifier, except {@code DEFAULT}. Such values may be written without quotes
     * ({@code SET app.tenant = acme}), so the lexer alone would keep them.
     */
    private static boolean[] settingValues(List<Token> tokens) {
        boolean[] mask = new boolean[tokens.size()];
        int start = 0;
        while (start < tokens.size()) {
            int end = start;
            while (end < tokens.size() && !isSemicolon(tokens.get(end))) {
                end++;
            }
            markSettingValue(tokens, start, end, mask);
            start = end + 1;
        }
        return mask;
    }

    private static void markSettingValue(List<Token> tokens, int start, int end, boolean[] mask) {
        if (start >= end || tokens.get(start).kind() != Kind.WORD) {
            return;
        }
        String first = tokens.get(start).text().toUpperCase(Locale.ROOT);
        int set = -1;
        if (first.equals("SET")) {
            set = start;
        } else if (first.equals("ALTER")) {
            for (int i = start + 1; i < end; i++) {
                if (isWord(tokens.get(i), "SET")) {
                    set = i;
                    break;
                }
            }
        }
        if (set < 0) {
            return;
        }
        int from = -1;
        for (int i = set + 1; i < end; i++) {
            Token t = tokens.get(i);
            if ((t.kind() == Kind.OPERATOR && t.text().equals("=")) || isWord(t, "TO")) {
                from = i + 1;
                break;
            }
        }
        if (from < 0) {
            return;
        }
        for (int i = from; i < end; i++) {
            Token t = tokens.get(i);
            if ((t.kind() == Kind.WORD && !isWord(t, "DEFAULT")) || t.kind() == Kind.QUOTED_IDENTIFIER) {
                mask[i] = true;
            }
        }
    }

    private static boolean isSemicolon(Token t) {
        return t.kind() == Kind.PUNCTUATION && t.text().equals(";");
    }

    private static boolean isWord(Token t, String word) {
        return t.kind() == Kind.WORD && t.text().equalsIgnoreCase(word);
    }

    private static boolean sameSpan(Token a, Token b) {
        return a.start() == b.start() && a.end() == b.end() && a.kind() == b.kind();
    }

    private static int highestParameter(List<Token> tokens) {
        int max = 0;
        for (Token t : tokens) {
            if (t.kind() == Kind.PARAMETER) {
                try {
                    max = Math.max(max, Integer.parseInt(t.text().substring(1)));
                } catch (NumberFormatException e) {
                    // a parameter number beyond int: placeholders then start at 1 again, still no literal
                }
            }
        }
        return max;
    }

    /** Appends a token, with one space where the text had space or a comment, or where two words would merge. */
    private static void append(StringBuilder out, String text, boolean spaceBefore) {
        if (out.length() > 0 && !text.isEmpty()) {
            char last = out.charAt(out.length() - 1);
            char first = text.charAt(0);
            boolean merge = SqlLexer.isIdentContinue(last) && SqlLexer.isIdentContinue(first);
            if (spaceBefore || merge) {
                out.append(' ');
            }
        }
        out.append(text);
    }
}
