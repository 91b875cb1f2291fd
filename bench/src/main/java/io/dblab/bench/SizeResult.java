package io.dblab.bench;

/** Everything measured for one database (a size or kind, see {@link Dataset}). */
final class SizeResult {
    final Dataset dataset;
    final long databaseBytes;
    /** Files in the snapshot, so in each clone's data directory: what a cost per file would be paid for. */
    final long snapshotFiles;
    final double retrievalMillis;
    final Sample apiCreate = new Sample();
    final Sample floorCreate = new Sample();
    /** The engine's own cloningTime for each API create: request to OK, without polling or connecting. */
    final Sample engineCreate = new Sample();
    final Sample apiReset = new Sample();
    final Sample floorReset = new Sample();
    final Sample engineReset = new Sample();
    /** How long POST /clone and POST /clone/{id}/reset took to answer, and each GET /clone/{id} while polling. */
    final Sample createRequest = new Sample();
    final Sample resetRequest = new Sample();
    Sample pollLatency = new Sample();
    final Sample createdb = new Sample();
    final Sample basebackup = new Sample();
    /** Measured on the biggest database only. */
    Density.Result density;

    SizeResult(Dataset dataset, long databaseBytes, long snapshotFiles, double retrievalMillis) {
        this.dataset = dataset;
        this.databaseBytes = databaseBytes;
        this.snapshotFiles = snapshotFiles;
        this.retrievalMillis = retrievalMillis;
    }

    double createRatio() {
        return apiCreate.median() / floorCreate.median();
    }

    double resetRatio() {
        return apiReset.median() / floorReset.median();
    }
}
