package io.dblab.checkup.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A libpq password file: lines {@code hostname:port:database:username:password}, where each of the
 * first four fields may be {@code *}, {@code \:} and {@code \\} escape a colon and a backslash, and
 * lines starting with {@code #} are comments. The first matching line wins. As libpq does, a file
 * that group or others may read is ignored with a warning.
 */
public final class PgPassFile {
    private final Path path;
    private final Consumer<String> warnings;

    public PgPassFile(Path path, Consumer<String> warnings) {
        this.path = path;
        this.warnings = warnings;
    }

    public Path path() {
        return path;
    }

    public Optional<String> lookup(String host, int port, String database, String user) {
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
            if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)
                    || perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                warnings.accept("password file " + path + " has group or world access; it is ignored "
                        + "(permissions should be u=rw, 0600, or less)");
                return Optional.empty();
            }
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: read it anyway
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            warnings.accept("cannot read password file " + path + ": " + e.getMessage());
            return Optional.empty();
        }
        return lookup(lines, host, port, database, user);
    }

    static Optional<String> lookup(List<String> lines, String host, int port, String database, String user) {
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> fields = split(line);
            if (fields.size() < 5) {
                continue;
            }
            if (matches(fields.get(0), host) && matches(fields.get(1), Integer.toString(port))
                    && matches(fields.get(2), database) && matches(fields.get(3), user)) {
                return Optional.of(fields.get(4));
            }
        }
        return Optional.empty();
    }

    private static boolean matches(String field, String value) {
        return field.equals("*") || field.equals(value);
    }

    /** Splits on unescaped colons into at most five fields; the password keeps any further colons. */
    static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                current.append(line.charAt(++i));
            } else if (c == ':' && fields.size() < 4) {
                fields.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        fields.add(current.toString());
        return fields;
    }
}
