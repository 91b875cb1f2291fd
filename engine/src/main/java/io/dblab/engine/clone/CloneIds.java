package io.dblab.engine.clone;

import io.dblab.engine.error.BadRequestException;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/** Clone ids: checked against the API's pattern (so they are safe as path names), or generated. */
public final class CloneIds {
    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}");
    private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuv";
    private static final SecureRandom RANDOM = new SecureRandom();

    private CloneIds() {}

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches() && !id.contains("..");
    }

    public static String requireValid(String id) {
        if (!isValid(id)) {
            throw new BadRequestException("invalid clone id '" + printable(id) + "': use letters, digits, '_', '.', "
                    + "'-', start with a letter or digit, at most 63 characters");
        }
        return id;
    }

    public static String generate() {
        StringBuilder id = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }

    /** The id as it may be echoed in a message: bounded and without control characters. */
    public static String printable(String id) {
        if (id == null) {
            return "";
        }
        String clean = id.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 80 ? clean.substring(0, 80) + "…" : clean;
    }
}
