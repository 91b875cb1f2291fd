package io.dblab.engine.masking;

/**
 * One rule of the rules file. {@code number} is its 1-based position, which messages use instead
 * of anything taken from the data. {@code value} is set for {@link MaskAction#FIXED} only,
 * {@code keep} for {@link MaskAction#PARTIAL} only.
 */
public record MaskingRule(int number, ColumnRef column, MaskAction action, String value, int keep) {}
