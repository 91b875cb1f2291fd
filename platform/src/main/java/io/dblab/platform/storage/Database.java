package io.dblab.platform.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dblab.platform.config.PlatformConfig;
import io.dblab.serverkit.StartupException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Platform's database, ready for use: the embedded server started (when no URL is configured),
 * the schema migrated by its owner, the application's rights granted, and a pool of connections as
 * the application's role. Closing it closes the pool and stops the embedded server.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final int POOL_SIZE = 10;
    private final HikariDataSource pool;
    private final Optional<EmbeddedPostgres> embedded;
    private final Jdbc jdbc;

    private Database(HikariDataSource pool, Optional<EmbeddedPostgres> embedded) {
        this.pool = pool;
        this.embedded = embedded;
        this.jdbc = new Jdbc(pool);
    }

    /** @param configDir the configuration file's directory, against which a relative dataDir is resolved */
    public static Database open(PlatformConfig.Database config, Path configDir) {
        if (!config.embedded()) {
            ConnectionSettings app = new ConnectionSettings(config.url(), config.user(), config.password(), Map.of());
            ConnectionSettings owner = config.migrationUser() == null ? app
                    : app.as(config.migrationUser(), config.migrationPassword());
            if (owner == app) {
                LOG.warn("database.migrationUser is not set: the application's role owns the schema, so only the"
                        + " trigger keeps the audit log append-only (see docs/platform.md for the two-role setup)");
            }
            return new Database(prepare(owner, app), Optional.empty());
        }
        EmbeddedPostgres server = EmbeddedPostgres.start(config.dataDirUnder(configDir));
        try {
            ConnectionSettings app = server.prepareAppRole();
            return new Database(prepare(server.owner(), app), Optional.of(server));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private static HikariDataSource prepare(ConnectionSettings owner, ConnectionSettings app) {
        try {
            int ran = Migrations.migrate(owner.dataSource());
            LOG.info("database schema up to date ({} migration(s) applied now)", ran);
        } catch (FlywayException e) {
            throw new StartupException("cannot migrate the Platform's database " + owner.url() + " as " + owner.user()
                    + " (" + e.getMessage() + ")", "check database.url, the roles and their rights");
        }
        if (!owner.user().equals(app.user())) {
            AppRoleGrants.apply(owner.dataSource(), app.user());
        }
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("platform");
        pool.setDataSource(app.dataSource());
        pool.setSchema(Migrations.SCHEMA);
        pool.setMaximumPoolSize(POOL_SIZE);
        try {
            return new HikariDataSource(pool);
        } catch (RuntimeException e) {
            throw new StartupException("cannot connect to the Platform's database " + app.url() + " as " + app.user()
                    + " (" + e.getMessage() + ")", "check database.url, database.user and database.password");
        }
    }

    public DataSource dataSource() {
        return pool;
    }

    public Jdbc jdbc() {
        return jdbc;
    }

    public Optional<EmbeddedPostgres> embedded() {
        return embedded;
    }

    @Override
    public void close() {
        try {
            pool.close();
        } finally {
            embedded.ifPresent(EmbeddedPostgres::close);
        }
    }
}
