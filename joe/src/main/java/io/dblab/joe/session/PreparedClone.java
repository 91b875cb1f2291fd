package io.dblab.joe.session;

import java.util.Optional;

/**
 * What preparing a clone left there: its marker, the baseline transaction (before it the catalog is
 * the snapshot's; after it, the person's), and the schema HypoPG lives in, when the engine's machine
 * has HypoPG.
 */
public record PreparedClone(String marker, long baselineXid, Optional<String> hypopgSchema) {
}
