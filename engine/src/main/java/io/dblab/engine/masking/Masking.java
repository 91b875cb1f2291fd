package io.dblab.engine.masking;

import io.dblab.serverkit.config.ConfigException;
import io.dblab.engine.config.EngineConfig;
import io.dblab.engine.retrieval.RetrievalStatus;
import io.dblab.pg.server.LocalServer;
import io.dblab.pg.server.PgInstallation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Masking at snapshot time (DESIGN.md, security point 6). Retrieval calls {@link #apply} on the
 * private restore server before its final stop, and {@link MaskedDataDir#cleanAndVerify()} after
 * the stop, right before the snapshot. In between nothing else may write to the data directory.
 *
 * <p>The steps, each explained where it is done: sample originals ({@link OriginalSample}); rules
 * ({@link RuleRunner}); scripts ({@link ScriptRunner}); clean restart with WAL recycling off
 * ({@link CleanWalRestart}); rewrite of changed tables, statistics and catalogs ({@link Rewriter});
 * retiring the WAL written so far; and, after the final stop, {@link Leftovers}, {@link WalSegments}
 * and the search ({@link ResidueScanner}).
 */
public final class Masking {
    private static final Logger LOG = LoggerFactory.getLogger(Masking.class);
    private static final String DATABASES =
            "SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate ORDER BY datname = 'postgres' DESC, datname;";

    private final MaskingRules rules;
    private final HashKey key;
    private final PgInstallation pg;
    private final RetrievalStatus status;

    private Masking(MaskingRules rules, HashKey key, PgInstallation pg, RetrievalStatus status) {
        this.rules = rules;
        this.key = key;
        this.pg = pg;
        this.status = status;
    }

    /** No masking: {@link #apply} does nothing. */
    public static Masking none() {
        return new Masking(null, null, null, null);
    }

    /**
     * Masking as configured; problems with the rules file or the key are {@link ConfigException}s,
     * so the engine refuses to start rather than publish unmasked data later.
     */
    public static Masking fromConfig(EngineConfig.Masking config, Map<String, String> env, PgInstallation pg,
                                     RetrievalStatus status) {
        if (config.rulesFile().isEmpty()) {
            return none();
        }
        MaskingRules rules = MaskingRulesReader.load(Path.of(config.rulesFile()));
        HashKey key = null;
        if (rules.needsKey()) {
            String name = config.keyEnv();
            if (name.isEmpty()) {
                throw new ConfigException("retrieval.masking.keyEnv must be set: rules in " + config.rulesFile()
                        + " use keyed actions (hash, email, name, phone)");
            }
            String secret = env.get(name);
            if (secret == null || secret.length() < HashKey.MIN_LENGTH) {
                throw new ConfigException("environment variable " + name + " (retrieval.masking.keyEnv) must hold a key of at least "
                        + HashKey.MIN_LENGTH + " characters");
            }
            key = HashKey.of(secret);
        }
        return new Masking(rules, key, pg, status);
    }

    public boolean enabled() {
        return rules != null;
    }

    /**
     * Masks the data of the running private server whose data directory is {@code dataDir} (the
     * pool's main data directory, or a promoted copy of a standby); {@code discardCopy} deletes that
     * directory's contents. On return
     * the server runs again (it was restarted) and its WAL holds nothing from before masking once
     * it is checkpointed and stopped. On failure the data directory is emptied, since it holds
     * unmasked data that no one should find there later.
     */
    public MaskedDataDir apply(LocalServer server, Path dataDir, Runnable discardCopy) {
        if (!enabled()) {
            return MaskedDataDir.unmasked();
        }
        status.track("mask", "tables", 0, () -> 0);
        try {
            PrivateSql sql = new PrivateSql(pg, server);
            List<String> databases = sql.lines("postgres", DATABASES, "listing databases");
            List<ResolvedColumn> columns = new ColumnResolver(sql).resolve(rules.rules(), databases);
            List<byte[]> originals = OriginalSample.read(sql, columns, new SampleFilter(rules.rules()));
            LOG.info("masking {} columns in {} databases ({} sampled values to verify), then {} scripts",
                    columns.size(), databases.size(), originals.size(), rules.scripts().size());
            Rewriter rewriter = new Rewriter(sql);
            rewriter.resetCounters(databases);
            new RuleRunner(sql, key).run(columns);
            new ScriptRunner(sql, server, rules.workDir()).run(rules.scripts());
            CleanWalRestart.restart(pg, server);
            // Scripts may have created databases: list them again.
            rewriter.rewrite(sql.lines("postgres", DATABASES, "listing databases"), columns);
            CleanWalRestart.retireOldSegments(sql);
            return new MaskedDataDir(dataDir, discardCopy, pg, status, originals);
        } catch (RuntimeException e) {
            LOG.error("masking failed: {}", e.getMessage());
            discard(dataDir, discardCopy, server);
            throw e;
        }
    }

    /**
     * Stops the private server and empties the data directory. When the engine stops, this thread
     * is interrupted; the cleanup must still run its commands, or the unmasked copy would stay.
     */
    static void discard(Path dataDir, Runnable discardCopy, LocalServer server) {
        boolean interrupted = Thread.interrupted();
        try {
            if (server != null) {
                server.stop("immediate");
            }
            discardCopy.run();
        } catch (RuntimeException cleanup) {
            LOG.error("cannot discard the unmasked copy in {}: {}", dataDir, cleanup.getMessage());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
