package io.dblab.engine.masking;

import io.dblab.engine.retrieval.RetrievalStatus;
import io.dblab.pg.server.PgInstallation;
import java.nio.file.Path;
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

    private final Path dataDir;
    private final Runnable discardCopy;
    private final PgInstallation pg;
    private final RetrievalStatus status;
    private final List<byte[]> originals;

    MaskedDataDir(Path dataDir, Runnable discardCopy, PgInstallation pg, RetrievalStatus status,
                  List<byte[]> originals) {
        this.dataDir = dataDir;
        this.discardCopy = discardCopy;
        this.pg = pg;
        this.status = status;
        this.originals = new ArrayList<>(originals);
    }

    /** For a pool without masking rules: there is nothing to clean or verify. */
    static MaskedDataDir unmasked() {
        return new MaskedDataDir(null, null, null, null, List.of());
    }

    /**
     * Call after the clean stop, before the snapshot. Throws (and empties the data directory)
     * when an original value is still there.
     */
    public void cleanAndVerify() {
        if (dataDir == null) {
            return;
        }
        try {
            Leftovers.remove(dataDir);
            WalSegments.removeUnneeded(pg, dataDir);
            Optional<String> residue = ResidueScanner.firstFileWithAny(dataDir, originals);
            if (residue.isPresent()) {
                status.alert(RESIDUE_ALERT, "error", "An original value of a masked column was found in "
                        + residue.get() + " after masking; the snapshot was not published.");
                LOG.error("masking residue found in {}; discarding the masked copy", residue.get());
                throw new MaskingResidueException(residue.get());
            }
            status.clearAlert(RESIDUE_ALERT);
            LOG.info("masking verified: {} sampled original values, none left in {}", originals.size(), dataDir);
        } catch (RuntimeException e) {
            Masking.discard(dataDir, discardCopy, null);
            throw e;
        } finally {
            originals.clear();
        }
    }
}
