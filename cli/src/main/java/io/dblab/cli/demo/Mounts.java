package io.dblab.cli.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The mount table of this machine, as /proc/mounts lists it. */
final class Mounts {
    /** /proc/mounts writes space, tab, newline and backslash in paths as octal escapes like {@code \040}. */
    private static final Pattern OCTAL_ESCAPE = Pattern.compile("\\\\([0-7]{3})");

    private Mounts() {}

    /** Mount points at or below {@code dir}. */
    static List<Path> under(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        try {
            return Files.readAllLines(Path.of("/proc/mounts")).stream()
                    .map(line -> line.split(" "))
                    .filter(fields -> fields.length > 1)
                    .map(fields -> Path.of(unescape(fields[1])))
                    .filter(mountPoint -> mountPoint.startsWith(root))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/mounts: " + e.getMessage(), e);
        }
    }

    private static String unescape(String field) {
        Matcher escape = OCTAL_ESCAPE.matcher(field);
        StringBuilder path = new StringBuilder();
        while (escape.find()) {
            escape.appendReplacement(path, Matcher.quoteReplacement(
                    Character.toString((char) Integer.parseInt(escape.group(1), 8))));
        }
        escape.appendTail(path);
        return path.toString();
    }
}
