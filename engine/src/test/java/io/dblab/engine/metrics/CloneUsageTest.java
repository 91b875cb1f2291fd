package io.dblab.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.engine.metrics.CloneUsage.Reading;
import io.dblab.engine.metrics.CloneUsage.Server;
import io.dblab.engine.metrics.ProcFiles.Process;
import io.dblab.pg.process.ProcessStat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which processes are a clone's, what its CPU figure is, and a whole reading of a real process tree. */
class CloneUsageTest {

    @Test
    void cpuPercentIsTheShareOfTheHostTimesTheCpus() {
        // 50 of the 200 ticks that 2 CPUs had: half a CPU
        assertThat(CloneUsage.percent(new Reading(100, 1000, 0), new Reading(150, 1200, 0), 2)).isEqualTo(50.0);
        // all of both CPUs
        assertThat(CloneUsage.percent(new Reading(0, 0, 0), new Reading(200, 200, 0), 2)).isEqualTo(200.0);
        assertThat(CloneUsage.percent(new Reading(150, 1000, 0), new Reading(20, 1200, 0), 2))
                .as("a restarted server starts its time anew").isZero();
        assertThat(CloneUsage.percent(new Reading(100, 1000, 0), new Reading(150, 1000, 0), 2)).isZero();
    }

    @Test
    void aClonesProcessesAreItsPostmastersTreeAndItsIdentitys() {
        List<Process> table = List.of(
                process(1, "systemd", 0, 0),
                process(100, "postgres", 1, 5001), process(101, "postgres", 100, 5001),
                process(102, "sh", 101, 5001), process(103, "yes", 102, 5001),
                process(104, "sleep", 1, 5001), // left running by the clone's user, reparented to init
                process(200, "postgres", 1, 5002), process(201, "postgres", 200, 5002),
                process(300, "java", 1, 0), // a pid the system reused after a crash
                process(400, "postgres", 1, 5004), // another identity's server
                process(500, "postgres", 1, 999), process(501, "postgres", 500, 999)); // clones sharing a user
        Map<String, List<Process>> members = CloneUsage.members(table, List.of(
                new Server("a", 100, OptionalLong.of(5001)), new Server("b", 200, OptionalLong.of(5002)),
                new Server("crashed", 300, OptionalLong.empty()), new Server("stopped", -1, OptionalLong.of(5003)),
                new Server("foreign", 400, OptionalLong.of(5003)), new Server("shared", 500, OptionalLong.empty())));
        assertThat(members.keySet()).containsExactly("a", "b", "shared");
        assertThat(pids(members.get("a"))).containsExactlyInAnyOrder(100L, 101L, 102L, 103L, 104L);
        assertThat(pids(members.get("b"))).containsExactlyInAnyOrder(200L, 201L);
        assertThat(pids(members.get("shared"))).containsExactlyInAnyOrder(500L, 501L);
    }

    @Test
    void readsTheTreeOfARunningServer(@TempDir Path dir) throws Exception {
        // a "postgres" whose child burns one CPU, as a backend running a long query
        Path postgres = Files.copy(Path.of("/bin/sh"), dir.resolve("postgres"));
        java.lang.Process server = new ProcessBuilder(postgres.toString(), "-c", "yes > /dev/null & wait; sleep 60").start();
        AtomicLong nanos = new AtomicLong();
        CloneUsage usage = new CloneUsage(nanos::get);
        List<Server> servers = List.of(new Server("c1", server.pid(), OptionalLong.empty()),
                new Server("gone", Long.MAX_VALUE, OptionalLong.empty()));
        try {
            awaitChild(server);
            CloneUsage.Usage first = usage.measure(servers).get("c1");
            assertThat(first.cpuPercent()).as("nothing to compare with yet").isEmpty();
            assertThat(first.memoryBytes()).isPositive().isLessThan(first.memoryLimitBytes());
            assertThat(first.memoryLimitBytes()).isEqualTo(ProcFiles.memTotalBytes());
            assertThat(usage.measure(servers)).doesNotContainKey("gone");

            Thread.sleep(1200);
            nanos.set(Duration.ofMillis(500).toNanos());
            assertThat(usage.measure(servers).get("c1").cpuPercent()).as("too soon after the first").isEmpty();
            nanos.set(Duration.ofMillis(1200).toNanos());
            double busy = usage.measure(servers).get("c1").cpuPercent().orElseThrow();
            // one CPU busy: up to 100, less on a machine whose CPUs other work shares
            assertThat(busy).isBetween(10.0, 110.0);
            nanos.set(Duration.ofMillis(1300).toNanos());
            assertThat(usage.measure(servers).get("c1").cpuPercent()).as("the last figure, within a second")
                    .hasValue(busy);

            server.children().forEach(ProcessHandle::destroy);
            Thread.sleep(1200);
            nanos.set(Duration.ofMillis(2500).toNanos());
            // the burner ended and its parent reaped it, which keeps its time: the tree's stays whole
            assertThat(ProcessStat.read(server.pid()).orElseThrow().reapedChildCpuTicks()).isPositive();
            assertThat(usage.measure(servers).get("c1").cpuPercent().orElseThrow()).isBetween(0.0, 30.0);

            usage.measure(List.of());
            nanos.set(Duration.ofMillis(4000).toNanos());
            assertThat(usage.measure(servers).get("c1").cpuPercent()).as("forgotten while not asked for").isEmpty();
        } finally {
            server.descendants().forEach(ProcessHandle::destroyForcibly);
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void awaitChild(java.lang.Process server) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (server.children().findAny().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(server.children().findAny()).as("the burner started").isPresent();
    }

    private static Process process(long pid, String name, long parent, long uid) {
        return new Process(new ProcessStat.Line(pid, name, "S", parent, 1, 0, 0), uid);
    }

    private static List<Long> pids(List<Process> processes) {
        return processes.stream().map(p -> p.stat().pid()).toList();
    }
}
