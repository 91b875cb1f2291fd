package io.dblab.engine;

import io.dblab.engine.clone.CloneService;
import io.dblab.engine.metrics.EngineMetrics;
import io.dblab.engine.pool.PoolProvider;
import io.dblab.engine.pool.PoolRegistry;
import io.dblab.engine.retrieval.RetrievalService;
import io.dblab.engine.schedule.BackgroundTask;
import io.dblab.engine.state.CloneStatus;
import java.util.List;
import java.util.Map;

/** The gauges of /metrics, read from the live services at every scrape. */
final class EngineGauges {
    private static final List<String> ALERT_LEVELS = List.of("error", "warning");

    private EngineGauges() {}

    static void register(EngineMetrics metrics, CloneService clones, PoolRegistry pools, RetrievalService retrieval,
                         Map<String, BackgroundTask> tasks) {
        for (CloneStatus status : CloneStatus.values()) {
            metrics.gauge("dblab_clones", "Clones by status", clones,
                    c -> c.list().stream().filter(clone -> clone.status() == status).count(), "status", status.name());
        }
        for (PoolProvider pool : pools.all()) {
            metrics.gauge("dblab_pool_size_bytes", "Size of the pool's file system", pool, p -> p.stats().size(),
                    "pool", pool.name());
            metrics.gauge("dblab_pool_free_bytes", "Free space in the pool's file system", pool, p -> p.stats().free(),
                    "pool", pool.name());
        }
        // background work that keeps failing shows here as well as in /status: a rule can page on it
        for (String level : ALERT_LEVELS) {
            metrics.gauge("dblab_alerts", "Alerts standing (see /status retrieving.alerts)", retrieval,
                    r -> r.status().alertCount(level), "level", level);
        }
        tasks.forEach(metrics::backgroundTask);
    }
}
