package io.dblab.bench;

/** Everything measured for one database size. */
final class SizeResult {
    final int scale;
    final long databaseBytes;
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
    /** Measured on the last size only. */
    Density.Result density;

    SizeResult(int scale, long databaseBytes, double retrievalMillis) {
        this.scale = scale;
        this.databaseBytes = databaseBytes;
        this.retrievalMillis = retrievalMillis;
    }

    double createRatio() {
        return apiCreate.median() / floorCreate.median();
    }

    double resetRatio() {
        return apiReset.median() / floorReset.median();
    }
}
