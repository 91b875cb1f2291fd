package io.dblab.engine.masking;

import io.dblab.engine.pool.PoolProvider;
import io.dblab.engine.retrieval.RetrievalStatus;
import io.dblab.pg.server.PgInstallation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool's main data directory after masking, holding in memory the sample of original values
 * that masking replaced. Once its server has stopped cleanly, {@link #cleanAndVerify()} removes
 * what the stop left (server log, saved statistics, WAL the clean stop does not need) and then
 * searches every file for the sample. Only when nothing is found may the directory be
 * snapshotted; otherwise the unmasked copy is discarded.
 */
public final class MaskedDataDir {
    private static final Logger LOG = LoggerFactory.getLogger(MaskedDataDir.class);
    public static final String RESIDUE_ALERT = "masking_residue";

    private final PoolProvider pool;
    private final PgInstallation pg;
    private final RetrievalStatus status;
    private final List<byte[]> originals;

    MaskedDataDir(PoolProvider pool, PgInstallation pg, RetrievalStatus status, List<byte[]> originals) {
        this.pool = pool;
        this.pg = pg;
        this.status = status;
        this.originals = new ArrayList<>(originals);
    }

    /** For a pool without masking rules: there is nothing to clean or verify. */
    static MaskedDataDir unmasked() {
        return new MaskedDataDir(null, null, null, List.of());
    }

    /**
     * Call after the clean stop, before the snapshot. Throws (and empties the data directory)
     * when an original value is still there.
     */
    public void cleanAndVerify() {
        if (pool == null) {
            return;
        }
        try {
            Leftovers.remove(pool.dataDir());
            WalSegments.removeUnneeded(pg, pool.dataDir());
            Optional<String> residue = ResidueScanner.firstFileWithAny(pool.dataDir(), originals);
            if (residue.isPresent()) {
                status.alert(RESIDUE_ALERT, "error", "An original value of a masked column was found in "
                        + residue.get() + " after masking; the snapshot was not published.");
                LOG.error("masking residue found in {}; discarding the masked copy", residue.get());
                throw new MaskingResidueException(residue.get());
            }
            status.clearAlert(RESIDUE_ALERT);
            LOG.info("masking verified: {} sampled original values, none left in {}", originals.size(), pool.dataDir());
        } catch (RuntimeException e) {
            Masking.discard(pool, null);
            throw e;
        } finally {
            originals.clear();
        }
    }
}
