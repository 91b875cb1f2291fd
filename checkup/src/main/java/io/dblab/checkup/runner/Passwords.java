package io.dblab.checkup.runner;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where a host's password comes from, in libpq's order after the connection string (which may not
 * hold one here): {@code PGPASSWORD}, then the password file ({@code passfile} parameter,
 * {@code PGPASSFILE} or {@code ~/.pgpass}).
 */
public final class Passwords {
    private final Map<String, String> env;
    private final Path home;
    private final Consumer<String> warnings;

    public Passwords(Map<String, String> env, Path home, Consumer<String> warnings) {
        this.env = env;
        this.home = home;
        this.warnings = warnings;
    }

    public Optional<String> forTarget(ConnTarget target) {
        String fromEnv = env.get("PGPASSWORD");
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return Optional.of(fromEnv);
        }
        String file = target.params().get("passfile");
        if (file == null || file.isBlank()) {
            file = env.get("PGPASSFILE");
        }
        Path path = file != null && !file.isBlank() ? Path.of(file) : home.resolve(".pgpass");
        return new PgPassFile(path, warnings).lookup(target.host(), target.port(), target.database(), target.user());
    }
}
