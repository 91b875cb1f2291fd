package io.dblab.engine.clone;

import io.dblab.engine.error.BadRequestException;

/**
 * Clone passwords must carry at least 60 bits of estimated entropy, as in the reference engine:
 * log2(size of the character classes used) × length, where a character repeated more than twice in
 * a row counts once.
 */
public final class PasswordPolicy {
    static final double MIN_BITS = 60;

    private PasswordPolicy() {}

    public static void check(String password) {
        if (password == null || password.isEmpty()) {
            throw new BadRequestException("missing DB password");
        }
        double bits = entropyBits(password);
        if (bits < MIN_BITS) {
            throw new BadRequestException(String.format(
                    "insecure password: %.0f bits of entropy, at least %.0f needed; use a longer password "
                            + "or more kinds of characters", bits, MIN_BITS));
        }
    }

    static double entropyBits(String password) {
        boolean lower = false;
        boolean upper = false;
        boolean digit = false;
        boolean replacer = false;
        boolean separator = false;
        boolean other = false;
        for (char c : password.toCharArray()) {
            if (c >= 'a' && c <= 'z') {
                lower = true;
            } else if (c >= 'A' && c <= 'Z') {
                upper = true;
            } else if (c >= '0' && c <= '9') {
                digit = true;
            } else if ("!@$&*".indexOf(c) >= 0) {
                replacer = true;
            } else if ("_-., ".indexOf(c) >= 0) {
                separator = true;
            } else {
                other = true;
            }
        }
        int base = (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (replacer ? 5 : 0)
                + (separator ? 5 : 0) + (other ? 22 : 0);
        return Math.log(base) / Math.log(2) * effectiveLength(password);
    }

    private static int effectiveLength(String password) {
        int length = 0;
        int run = 0;
        for (int i = 0; i < password.length(); i++) {
            run = i > 0 && password.charAt(i) == password.charAt(i - 1) ? run + 1 : 1;
            if (run <= 2) {
                length++;
            }
        }
        return length;
    }
}
