package io.dblab.engine.metrics;

import io.dblab.engine.schedule.BackgroundTask;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.MultiCollector;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/** The engine's Prometheus metrics, served at {@code /metrics}. */
public final class EngineMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer cloneCreation = timer("dblab_clone_creation", "Time from a create request until the clone accepts connections");
    private final Timer cloneReset = timer("dblab_clone_reset", "Time from a reset request until the clone accepts connections again");

    private Timer timer(String name, String description) {
        return Timer.builder(name).description(description).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(50)).maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry);
    }

    public void recordCloneCreation(Duration took) {
        cloneCreation.record(took);
    }

    public void recordCloneReset(Duration took) {
        cloneReset.record(took);
    }

    /** A gauge whose value is read from {@code source} at every scrape. */
    public <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value, String... tags) {
        Gauge.builder(name, source, value).description(description).tags(tags).register(registry);
    }

    public void gauge(String name, String description, Supplier<Number> value, String... tags) {
        Gauge.builder(name, value).description(description).tags(tags).register(registry);
    }

    /**
     * {@code dblab_background_task_runs_total{task, outcome}} (outcome {@code success} or
     * {@code failure}) and {@code dblab_background_task_last_success_timestamp_seconds{task}} of
     * one kind of background work, named {@code task} in the tags.
     */
    public void backgroundTask(String task, BackgroundTask work) {
        String runs = "dblab_background_task_runs";
        String runsHelp = "Finished runs of the engine's background work, by outcome";
        FunctionCounter.builder(runs, work, BackgroundTask::successfulRuns).description(runsHelp)
                .tags("task", task, "outcome", "success").register(registry);
        FunctionCounter.builder(runs, work, BackgroundTask::failedRuns).description(runsHelp)
                .tags("task", task, "outcome", "failure").register(registry);
        gauge("dblab_background_task_last_success_timestamp_seconds",
                "When the background work last succeeded, in seconds since the epoch; 0 before it has",
                work, BackgroundTask::lastSuccessEpochSeconds, "task", task);
    }

    /** Metrics whose names or labels Micrometer's meters cannot give (see {@link ReferenceMetrics}). */
    public void collect(MultiCollector collector) {
        registry.getPrometheusRegistry().register(collector);
    }

    public String scrape() {
        return registry.scrape();
    }
}
