package io.dblab.engine.masking;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides which original values are worth searching for. The search must not refuse a clean
 * snapshot, so it skips values that could occur in the files by chance or because masking itself
 * writes them: short values, values of one or two distinct characters ("******"), short runs of
 * hex digits (hashes and numbers are full of them), and text that a rule's output contains (a
 * fixed value, a fake name, "@example.com").
 */
final class SampleFilter {
    static final int MIN_BYTES = 6;
    static final int MIN_HEX_ONLY_BYTES = 12;
    /** A longer value is searched by its beginning, which a TOAST chunk stores contiguously (1996 bytes). */
    static final int MAX_PATTERN_BYTES = 1024;

    private final List<String> written = new ArrayList<>();
    private final boolean fakeNames;

    SampleFilter(List<MaskingRule> rules) {
        boolean names = false;
        for (MaskingRule rule : rules) {
            switch (rule.action()) {
                case FIXED -> written.add(rule.value());
                case EMAIL -> {
                    written.add(MaskExpression.EMAIL_PREFIX);
                    written.add(MaskExpression.EMAIL_DOMAIN);
                }
                case PHONE -> written.add(MaskExpression.PHONE_PREFIX);
                case NAME -> names = true;
                default -> { }
            }
        }
        this.fakeNames = names;
    }

    /** The bytes to search for, or null when the value is not searched for. */
    byte[] pattern(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_BYTES || value.chars().distinct().count() < 3) {
            return null;
        }
        if (bytes.length < MIN_HEX_ONLY_BYTES && value.chars().allMatch(SampleFilter::isHexOrSeparator)) {
            return null;
        }
        for (String text : written) {
            if (text.contains(value)) {
                return null;
            }
        }
        if (fakeNames && FakeNames.canWrite(value)) {
            return null;
        }
        return bytes.length <= MAX_PATTERN_BYTES ? bytes : prefix(value);
    }

    private static boolean isHexOrSeparator(int c) {
        return Character.digit(c, 16) >= 0 || c == '-' || c == ' ' || c == '+' || c == '.' || c == '(' || c == ')';
    }

    /** The longest prefix of whole characters that fits in MAX_PATTERN_BYTES. */
    private static byte[] prefix(String value) {
        int end = Math.min(value.length(), MAX_PATTERN_BYTES);
        while (value.substring(0, end).getBytes(StandardCharsets.UTF_8).length > MAX_PATTERN_BYTES) {
            end--;
        }
        if (end > 0 && Character.isHighSurrogate(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(0, end).getBytes(StandardCharsets.UTF_8);
    }
}
