package io.dblab.engine.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
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

    public String scrape() {
        return registry.scrape();
    }
}
