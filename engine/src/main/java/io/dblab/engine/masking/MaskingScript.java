package io.dblab.engine.masking;

/**
 * A script run after the rules, in file order: SQL (given inline or read from {@code sqlFile} when
 * the rules are loaded) in {@code database}, or a shell command that reaches the private server
 * through PGHOST, PGPORT, PGUSER and PGDATABASE.
 */
public record MaskingScript(int number, Kind kind, String text, String database) {
    public enum Kind { SQL, SHELL }
}
