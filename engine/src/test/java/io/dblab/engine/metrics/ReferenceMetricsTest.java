package io.dblab.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.awaitility.Awaitility.await;

import io.dblab.client.model.Clone;
import io.dblab.client.model.CloneRequest;
import io.dblab.engine.EngineFixture;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reference engine's metrics (its PROMETHEUS.md, less those that need ZFS) on a real
 * logical engine: every name with its type and label names, values that fit the engine's state, and
 * that follow a clone's creation, data and destruction. The dblab_sync_* ones are checked in
 * PhysicalRetrievalTest, where a standby runs.
 */
class ReferenceMetricsTest {
    private static final String PASSWORD = "Metrics-pass-42";
    private static final Set<String> NONE = Set.of();
    private static final Set<String> POOL = Set.of("pool");
    /** Name → label names of every reference metric this engine has, all gauges but the last. */
    private static final Map<String, Set<String>> REFERENCE = new LinkedHashMap<>();

    static {
        REFERENCE.put("dblab_instance_info", Set.of("instance_id", "version", "edition"));
        REFERENCE.put("dblab_instance_uptime_seconds", NONE);
        REFERENCE.put("dblab_instance_status_code", NONE);
        REFERENCE.put("dblab_retrieval_status", Set.of("mode", "status"));
        for (String disk : List.of("total", "free", "used", "used_by_snapshots", "used_by_clones", "data_size")) {
            REFERENCE.put("dblab_disk_" + disk + "_bytes", POOL);
        }
        REFERENCE.put("dblab_disk_compress_ratio", POOL);
        REFERENCE.put("dblab_pool_status", Set.of("pool", "mode", "status"));
        REFERENCE.put("dblab_clones_total", NONE);
        REFERENCE.put("dblab_clones_by_status", Set.of("status"));
        REFERENCE.put("dblab_clone_max_age_seconds", NONE);
        REFERENCE.put("dblab_clone_total_diff_size_bytes", NONE);
        REFERENCE.put("dblab_clone_total_logical_size_bytes", NONE);
        REFERENCE.put("dblab_clone_total_cpu_usage_percent", NONE);
        REFERENCE.put("dblab_clone_avg_cpu_usage_percent", NONE);
        REFERENCE.put("dblab_clone_total_memory_usage_bytes", NONE);
        REFERENCE.put("dblab_clone_total_memory_limit_bytes", NONE);
        REFERENCE.put("dblab_clone_protected_count", NONE);
        REFERENCE.put("dblab_snapshots_total", NONE);
        REFERENCE.put("dblab_snapshots_by_pool", POOL);
        REFERENCE.put("dblab_snapshot_max_age_seconds", NONE);
        REFERENCE.put("dblab_snapshot_total_physical_size_bytes", NONE);
        REFERENCE.put("dblab_snapshot_total_logical_size_bytes", NONE);
        REFERENCE.put("dblab_snapshot_max_data_lag_seconds", NONE);
        REFERENCE.put("dblab_snapshot_total_num_clones", NONE);
        REFERENCE.put("dblab_branches_total", NONE);
        REFERENCE.put("dblab_scrape_success_timestamp", NONE);
        REFERENCE.put("dblab_scrape_duration_seconds", NONE);
        REFERENCE.put("dblab_scrape_errors_total", NONE);
    }

    private static EngineFixture engine;

    @BeforeAll
    static void start() {
        engine = EngineFixture.start(19860, 19869, "1GiB", 0);
    }

    /** A test that failed half-way leaves no clone to the next one's counts. */
    @AfterEach
    void destroyLeftClones() {
        for (Clone left : engine.client().clones()) {
            engine.client().destroyClone(left.id());
            engine.awaitGone(left.id());
        }
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void everyReferenceMetricHasItsTypeAndLabels() {
        Scrape scrape = scrape();
        REFERENCE.forEach((name, labels) -> {
            assertThat(scrape.type(name)).as("TYPE of " + name)
                    .isEqualTo(name.endsWith("_errors_total") ? "counter" : "gauge");
            assertThat(scrape.samples(name)).as(name).isNotEmpty()
                    .allSatisfy(sample -> assertThat(sample.labels().keySet()).as(name).isEqualTo(labels));
        });
        // ours stay beside them
        assertThat(scrape.samples("dblab_clones")).isNotEmpty();
        assertThat(scrape.samples("dblab_pool_size_bytes")).isNotEmpty();
        // no standby in logical mode, hence no sync instance
        assertThat(scrape.names()).noneMatch(name -> name.startsWith("dblab_sync_"));
    }

    @Test
    void valuesDescribeTheEngine() {
        Scrape scrape = scrape();
        Map<String, String> info = scrape.samples("dblab_instance_info").get(0).labels();
        assertThat(info.get("instance_id")).isEqualTo(engine.client().healthz().instanceID());
        assertThat(info).containsEntry("edition", "community").containsEntry("version", "0.1.0");
        assertThat(scrape.value("dblab_instance_info")).isEqualTo(1);
        assertThat(scrape.value("dblab_instance_uptime_seconds")).isPositive();
        assertThat(scrape.value("dblab_instance_status_code")).isZero();
        assertThat(scrape.value("dblab_retrieval_status", "mode", "logical", "status", "finished")).isEqualTo(1);
        assertThat(scrape.value("dblab_retrieval_status", "mode", "logical", "status", "failed")).isZero();
        assertThat(scrape.value("dblab_pool_status", "pool", "pool1", "mode", "btrfs", "status", "active")).isEqualTo(1);
        assertThat(scrape.value("dblab_pool_status", "pool", "pool1", "mode", "btrfs", "status", "empty")).isZero();
        double total = scrape.value("dblab_disk_total_bytes", "pool", "pool1");
        assertThat(total).isGreaterThan(900e6);
        assertThat(scrape.value("dblab_disk_free_bytes", "pool", "pool1")).isPositive().isLessThan(total);
        assertThat(scrape.value("dblab_disk_used_bytes", "pool", "pool1")).isPositive().isLessThan(total);
        assertThat(scrape.value("dblab_disk_compress_ratio", "pool", "pool1")).isEqualTo(1);
        assertThat(scrape.value("dblab_snapshots_total")).isEqualTo(1);
        assertThat(scrape.value("dblab_snapshots_by_pool", "pool", "pool1")).isEqualTo(1);
        assertThat(scrape.value("dblab_branches_total")).isEqualTo(engine.client().branches().size()).isPositive();
        assertThat(scrape.value("dblab_snapshot_max_age_seconds")).isPositive();
        assertThat(scrape.value("dblab_snapshot_max_data_lag_seconds")).isPositive();
        assertThat(scrape.value("dblab_scrape_errors_total")).isZero();
        assertThat(scrape.value("dblab_scrape_success_timestamp")).isCloseTo(
                engine.clock().instant().getEpochSecond(), offset(5.0));
        // sizes come from the pool's measurement in the background
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Scrape measured = scrape();
            assertThat(measured.value("dblab_disk_data_size_bytes", "pool", "pool1")).isPositive();
            assertThat(measured.value("dblab_snapshot_total_logical_size_bytes")).isPositive();
            // bytes the snapshot alone holds: none, while the pool's data directory still shares them all
            assertThat(measured.value("dblab_snapshot_total_physical_size_bytes")).isNotNegative();
        });
    }

    @Test
    void cloneMetricsFollowAClone() throws Exception {
        assertThat(scrape().value("dblab_clones_total")).isZero();
        engine.client().createClone(new CloneRequest("refmetrics1", true,
                new CloneRequest.DbRequest("mia", PASSWORD, false, null), null, null, null));
        Clone clone = engine.awaitStatus("refmetrics1", "OK");
        Scrape withClone = scrape();
        assertThat(withClone.value("dblab_clones_total")).isEqualTo(1);
        assertThat(withClone.value("dblab_clones_by_status", "status", "OK")).isEqualTo(1);
        assertThat(withClone.value("dblab_clones_by_status", "status", "FATAL")).isZero();
        assertThat(withClone.value("dblab_clone_protected_count")).isEqualTo(1);
        assertThat(withClone.value("dblab_snapshot_total_num_clones")).isEqualTo(1);
        assertThat(withClone.value("dblab_clone_max_age_seconds")).isBetween(0.0, 600.0);
        assertThat(withClone.value("dblab_clone_total_logical_size_bytes"))
                .isEqualTo(withClone.value("dblab_snapshot_total_logical_size_bytes"));

        try (Connection c = EngineFixture.connect(clone, PASSWORD); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE filler AS SELECT g, repeat('x', 500) AS pad FROM generate_series(1, 40000) g");
            st.execute("CHECKPOINT");
        }
        // the background measurement spaces its runs out by their own duration: slower on a busy machine
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            Scrape written = scrape();
            assertThat(written.value("dblab_clone_total_diff_size_bytes")).isGreaterThan(10e6);
            assertThat(written.value("dblab_disk_used_by_clones_bytes", "pool", "pool1")).isGreaterThan(10e6);
        });

        engine.client().updateClone("refmetrics1", false);
        assertThat(scrape().value("dblab_clone_protected_count")).isZero();
        engine.client().destroyClone("refmetrics1");
        engine.awaitGone("refmetrics1");
        Scrape gone = scrape();
        assertThat(gone.value("dblab_clones_total")).isZero();
        assertThat(gone.value("dblab_clones_by_status", "status", "OK")).isZero();
        assertThat(gone.value("dblab_snapshot_total_num_clones")).isZero();
        assertThat(gone.value("dblab_clone_total_diff_size_bytes")).isZero();
        assertThat(gone.value("dblab_clone_max_age_seconds")).isZero();
    }

    @Test
    void cloneCpuAndMemoryComeFromTheirServersProcesses() throws Exception {
        Clone busy = engine.createClone("refusage1", "mia", PASSWORD, false);
        engine.createClone("refusage2", "mia", PASSWORD, false);
        long memTotal = ProcFiles.memTotalBytes();
        long firstAt = System.nanoTime();
        Scrape first = scrape();
        assertThat(first.value("dblab_clone_total_memory_limit_bytes")).as("no limit: the host's memory each")
                .isEqualTo(2.0 * memTotal);
        // an idle server is a few processes of a few MB each, its shared_buffers (16MB) counted once at most
        assertThat(first.value("dblab_clone_total_memory_usage_bytes")).isGreaterThan(2.0 * (1 << 20))
                .isLessThan(2.0 * memTotal);
        assertThat(first.value("dblab_clone_total_cpu_usage_percent")).as("nothing to compare with yet").isZero();
        assertThat(first.value("dblab_clone_avg_cpu_usage_percent")).isZero();

        try (Connection c = EngineFixture.connect(busy, PASSWORD); Statement st = c.createStatement()) {
            st.execute("SELECT count(*) FROM generate_series(1, 30000000)");
        }
        // the readings of a clone's CPU are compared at least a second apart
        Thread.sleep(Math.max(0, Duration.ofMillis(1100).minusNanos(System.nanoTime() - firstAt).toMillis()));
        // the query's backend ended with its connection: its time is now the postmaster's, and counts
        Scrape second = scrape();
        double total = second.value("dblab_clone_total_cpu_usage_percent");
        assertThat(total).isPositive().isLessThan(100.0 * Runtime.getRuntime().availableProcessors() * 2);
        assertThat(second.value("dblab_clone_avg_cpu_usage_percent")).isCloseTo(total / 2, offset(1e-9));
        assertThat(second.value("dblab_clone_total_memory_usage_bytes")).isGreaterThan(2.0 * (1 << 20))
                .isLessThan(2.0 * memTotal);

        engine.client().destroyClone("refusage1");
        engine.client().destroyClone("refusage2");
        engine.awaitGone("refusage1");
        engine.awaitGone("refusage2");
        Scrape gone = scrape();
        assertThat(gone.value("dblab_clone_total_cpu_usage_percent")).isZero();
        assertThat(gone.value("dblab_clone_total_memory_usage_bytes")).isZero();
        assertThat(gone.value("dblab_clone_total_memory_limit_bytes")).isZero();
    }

    private static Scrape scrape() {
        return Scrape.parse(engine.client().raw("GET", "/metrics", null).body());
    }

    /** A /metrics answer in the Prometheus text format, parsed. */
    record Scrape(Map<String, String> types, List<Sample> all) {
        private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");
        private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

        record Sample(String name, Map<String, String> labels, double value) {}

        static Scrape parse(String text) {
            Map<String, String> types = new TreeMap<>();
            List<Sample> samples = new ArrayList<>();
            for (String line : text.lines().toList()) {
                if (line.startsWith("# TYPE ")) {
                    String[] parts = line.split(" ");
                    types.put(parts[2], parts[3]);
                } else if (!line.isBlank() && !line.startsWith("#")) {
                    Matcher m = SAMPLE.matcher(line);
                    assertThat(m.matches()).as("sample line " + line).isTrue();
                    Map<String, String> labels = new TreeMap<>();
                    if (m.group(2) != null) {
                        Matcher l = LABEL.matcher(m.group(2));
                        while (l.find()) {
                            labels.put(l.group(1), l.group(2));
                        }
                    }
                    samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
                }
            }
            return new Scrape(types, samples);
        }

        /** The TYPE line's type; a counter's TYPE names it without {@code _total}. */
        String type(String name) {
            return types.getOrDefault(name, types.get(name.replaceFirst("_total$", "")));
        }

        Set<String> names() {
            return types.keySet();
        }

        List<Sample> samples(String name) {
            return all.stream().filter(s -> s.name().equals(name)).toList();
        }

        /** The value of the one sample of {@code name} with these labels ({@code key, value, …}). */
        double value(String name, String... labels) {
            List<Sample> matching = samples(name).stream().filter(s -> {
                for (int i = 0; i < labels.length; i += 2) {
                    if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
                        return false;
                    }
                }
                return true;
            }).toList();
            assertThat(matching).as(name + " " + List.of(labels)).hasSize(1);
            return matching.get(0).value();
        }
    }
}
