package io.dblab.engine.masking;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What a rule does to each non-null value of its column. */
public enum MaskAction {
    /** The value becomes NULL. */
    NULL,
    /** Every value becomes the rule's {@code value}. */
    FIXED,
    /** A keyed HMAC-SHA256 of the value: equal inputs give equal outputs, so joins still match. */
    HASH,
    /** {@code user_<hash>@example.com}. */
    EMAIL,
    /** A first and last name from a built-in list, chosen by the keyed hash. */
    NAME,
    /** {@code +1-555-NNN-NNNN}, digits from the keyed hash. */
    PHONE,
    /** Keeps the last {@code keep} characters and replaces the others with '*'. */
    PARTIAL;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the action needs the secret key: without it the output could be recomputed from guesses. */
    public boolean needsKey() {
        return this == HASH || this == EMAIL || this == NAME || this == PHONE;
    }

    static Optional<MaskAction> fromYaml(String name) {
        return Arrays.stream(values()).filter(a -> a.yamlName().equals(name)).findFirst();
    }

    static String choices() {
        return Arrays.stream(values()).map(MaskAction::yamlName).collect(Collectors.joining(", "));
    }
}
