package io.dblab.platform.storage;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The schema's versions, {@code src/main/resources/db/migration/V<n>__<what>.sql}, applied in order by
 * Flyway as the schema's owner. Each Platform part adds the next version; a merged one never changes.
 */
public final class Migrations {
    public static final String SCHEMA = "platform";

    private Migrations() {}

    /** Applies the missing versions; returns how many ran. */
    public static int migrate(DataSource owner) {
        Flyway flyway = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(owner)
                .schemas(SCHEMA)
                .defaultSchema(SCHEMA)
                .createSchemas(true)
                .locations("classpath:db/migration")
                .load();
        return flyway.migrate().migrationsExecuted;
    }
}
