package io.dblab.bench;

import io.dblab.client.DblabClient;
import io.dblab.client.model.Clone;
import io.dblab.client.model.CloneRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Many idle clones at once through the API: the memory each costs (postgres processes' PSS) and
 * whether all of them still answer a query.
 */
final class Density {
    /** Lets the servers finish starting up (autovacuum launcher, first checkpoint timer) before measuring. */
    private static final long SETTLE_MILLIS = 5_000;

    record Result(int clones, double createAllMillis, ProcessMemory.Usage memory, int answered) {
        double pssPerClone() {
            return (double) memory.pssBytes() / clones;
        }

        double rssPerClone() {
            return (double) memory.rssBytes() / clones;
        }
    }

    private final DblabClient client;
    private final ApiClones api;
    private final Path poolClonesDir;
    private final String database;
    private final String user;
    private final String password;

    Density(DblabClient client, ApiClones api, Path poolClonesDir, String database, String user, String password) {
        this.client = client;
        this.api = api;
        this.poolClonesDir = poolClonesDir;
        this.database = database;
        this.user = user;
        this.password = password;
    }

    Result run(int count) throws Exception {
        List<String> ids = new ArrayList<>();
        try {
            long started = System.nanoTime();
            for (int i = 0; i < count; i++) {
                String id = String.format("density-%02d", i);
                client.createClone(new CloneRequest(id, false,
                        new CloneRequest.DbRequest(user, password, false, database), null, null, null));
                ids.add(id);
            }
            List<Clone> clones = new ArrayList<>();
            for (String id : ids) {
                clones.add(api.awaitUsable(id));
            }
            double createAll = (System.nanoTime() - started) / 1e6;
            Log.log("density: %d clones usable after %s", count, Sample.ms(createAll));
            Thread.sleep(SETTLE_MILLIS);

            // memory first: the connections of the check below would leave their traces in shared buffers
            ProcessMemory.Usage memory = ProcessMemory.NONE;
            for (String id : ids) {
                memory = memory.plus(ProcessMemory.ofServer(poolClonesDir.resolve(id)));
            }
            int answered = 0;
            for (Clone clone : clones) {
                try {
                    Jdbc.selectOne(ApiClones.port(clone), database, user, password);
                    answered++;
                } catch (Exception e) {
                    Log.log("density: clone %s did not answer: %s", clone.id(), e.getMessage());
                }
            }
            return new Result(count, createAll, memory, answered);
        } finally {
            // all deletions first, then the waiting: the engine deletes in parallel
            for (String id : ids) {
                api.requestDestroy(id);
            }
            for (String id : ids) {
                api.awaitGone(id);
            }
        }
    }
}
