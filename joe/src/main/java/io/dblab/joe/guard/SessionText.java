package io.dblab.joe.guard;

import io.dblab.joe.redact.UserSql;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Everything the person wrote in their session (the SQL of every command). A value or name they wrote
 * themselves may be shown back to them: it tells them nothing they did not know. The text is capped:
 * beyond {@link #MAX_CHARS} the oldest is forgotten, which only makes the guard stricter. Kept in a
 * file of Joe's state directory while the session lives, so that a restarted Joe still shows the
 * person the names of what they made.
 */
public final class SessionText {
    static final int MAX_CHARS = 1 << 20;
    private final StringBuilder text = new StringBuilder();
    private UserSql sql = new UserSql("");
    private Path file;

    /** Keeps the text in {@code file} from now on, starting with what the file already holds. */
    public synchronized void keepIn(Path keptFile) {
        this.file = keptFile;
        try {
            if (Files.exists(keptFile)) {
                String earlier = Files.readString(keptFile, StandardCharsets.UTF_8);
                text.insert(0, earlier);
                trim();
                sql = new UserSql(text.toString());
            }
            rewrite();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the session's text in " + keptFile + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the file the text was kept in (the session is over). */
    public synchronized void forget() {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + file + ": " + e.getMessage(), e);
            }
            file = null;
        }
    }

    public synchronized void add(String written) {
        if (written == null || written.isEmpty()) {
            return;
        }
        String entry = "\n" + written;
        text.append(entry);
        boolean trimmed = trim();
        sql = new UserSql(text.toString());
        if (file != null) {
            try {
                if (trimmed) {
                    rewrite();
                } else {
                    Files.writeString(file, entry, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** Whether the value stands in what the person wrote, as a whole token (see {@link UserSql#mentions}). */
    public synchronized boolean wrote(String value) {
        return sql.mentions(value);
    }

    private boolean trim() {
        if (text.length() <= MAX_CHARS) {
            return false;
        }
        text.delete(0, text.length() - MAX_CHARS);
        return true;
    }

    private void rewrite() throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), ".text-", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
