package io.dblab.joe.plan;

/** Text with PostgreSQL's EXPLAIN indentation: two spaces per level, written only at the start of a line. */
final class TextOut {
    private final StringBuilder text = new StringBuilder();
    private int indent;

    int indent() {
        return indent;
    }

    void indent(int level) {
        indent = level;
    }

    /** Spaces for the current level when at the start of a line, like ExplainIndentText(). */
    TextOut indentText() {
        if (text.isEmpty() || text.charAt(text.length() - 1) == '\n') {
            text.append("  ".repeat(indent));
        }
        return this;
    }

    TextOut append(String s) {
        text.append(s);
        return this;
    }

    TextOut line(String s) {
        return indentText().append(s).append("\n");
    }

    /** The text without the last newline: EXPLAIN returns lines, not a file. */
    String text() {
        return text.toString().stripTrailing();
    }
}
