package io.dblab.engine.metrics;

import io.dblab.engine.metrics.ProcFiles.Process;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * The CPU and memory of clones' servers, read from {@code /proc} in the meaning the reference engine
 * gives the figures Docker reports of a clone's container. A clone's processes are its postmaster and
 * all that descend from it, and, when each clone runs as its own identity, every process of that
 * identity (one that a clone user left running on its own, reparented away from the postmaster).
 * <ul>
 * <li>CPU: the processes' time ({@code utime + stime}, with {@code cutime + cstime} of those that
 *     ended: the tree's whole time, as a container's cgroup counts it) between two readings, over the
 *     host's CPU time meanwhile, times the number of CPUs, times 100: 100 is one CPU busy all the
 *     time, Docker's scale. A clone's first reading has nothing to compare with, so it has no figure
 *     yet (the reference likewise); readings less than {@link #MIN_INTERVAL} apart repeat the last
 *     figure, whose clock ticks would be too coarse.
 * <li>Memory: the sum of the processes' proportional set size (PSS), which counts shared memory
 *     (shared_buffers) once over the processes that touched it, as a cgroup charges it once.
 * <li>Limit: clones have none, for which Docker reports the host's memory.
 * </ul>
 * One reading takes one pass over {@code /proc} for all clones, however many there are.
 */
public final class CloneUsage {
    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    /**
     * A clone's server.
     *
     * @param postmasterPid from the data directory's {@code postmaster.pid}; 0 or less when there is none
     * @param uid           the clone's own identity; empty when clones run as the engine's user
     */
    public record Server(String cloneId, long postmasterPid, OptionalLong uid) {}

    /**
     * @param cpuPercent  see the class; empty until a second reading
     * @param memoryBytes PSS of the clone's processes
     * @param memoryLimitBytes the host's memory
     */
    public record Usage(OptionalDouble cpuPercent, long memoryBytes, long memoryLimitBytes) {}

    /** A clone's processes' CPU time and the host's at one moment, in clock ticks. */
    record Reading(long cloneTicks, long hostTicks, long nanos) {}

    private record LastCpu(Reading since, OptionalDouble percent) {}

    private final Map<String, LastCpu> lastCpu = new HashMap<>();
    private final LongSupplier nanoTime;

    public CloneUsage() {
        this(System::nanoTime);
    }

    CloneUsage(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /**
     * The usage of each server that runs, by clone id; a server that does not run has none, as Docker
     * has no statistics of a stopped container. Readings of clones not named here are forgotten.
     */
    public synchronized Map<String, Usage> measure(List<Server> servers) {
        if (servers.isEmpty()) {
            lastCpu.clear();
            return Map.of();
        }
        long now = nanoTime.getAsLong();
        Map<String, List<Process>> members = members(ProcFiles.processes(), servers);
        ProcFiles.HostCpu host = ProcFiles.hostCpu();
        long memTotal = ProcFiles.memTotalBytes();
        Map<String, Usage> usage = new LinkedHashMap<>();
        members.forEach((cloneId, processes) -> {
            long ticks = processes.stream().mapToLong(p -> p.stat().cpuTicks() + p.stat().reapedChildCpuTicks()).sum();
            long memory = processes.stream().mapToLong(p -> ProcFiles.pssBytes(p.stat().pid())).sum();
            OptionalDouble cpu = cpuPercent(cloneId, new Reading(ticks, host.ticks(), now), host.cpus());
            usage.put(cloneId, new Usage(cpu, memory, memTotal));
        });
        lastCpu.keySet().retainAll(usage.keySet());
        return usage;
    }

    private OptionalDouble cpuPercent(String cloneId, Reading now, int cpus) {
        LastCpu last = lastCpu.get(cloneId);
        if (last != null && now.nanos() - last.since().nanos() < MIN_INTERVAL.toNanos()) {
            return last.percent();
        }
        OptionalDouble percent = last == null ? OptionalDouble.empty() : OptionalDouble.of(percent(last.since(), now, cpus));
        lastCpu.put(cloneId, new LastCpu(now, percent));
        return percent;
    }

    /**
     * The clone's share of the host's CPU time between two readings, times the CPUs, in percent. A
     * clone whose time went down (its server restarted, or a process left its tree) counts 0 for that
     * interval.
     */
    static double percent(Reading from, Reading to, int cpus) {
        long host = to.hostTicks() - from.hostTicks();
        long clone = to.cloneTicks() - from.cloneTicks();
        return host <= 0 || clone <= 0 ? 0 : 100.0 * clone / host * cpus;
    }

    /**
     * The processes of each server whose postmaster runs, by clone id. The pid file of a server that
     * crashed may name a pid that the system gave to another program since: a postmaster is a
     * process named {@code postgres}, of the clone's identity when it has one.
     */
    static Map<String, List<Process>> members(List<Process> table, List<Server> servers) {
        Map<Long, Process> byPid = new HashMap<>();
        Map<Long, List<Process>> children = new HashMap<>();
        Map<Long, List<Process>> byUid = new HashMap<>();
        for (Process p : table) {
            byPid.put(p.stat().pid(), p);
            children.computeIfAbsent(p.stat().parent(), parent -> new ArrayList<>()).add(p);
            byUid.computeIfAbsent(p.uid(), uid -> new ArrayList<>()).add(p);
        }
        Map<String, List<Process>> members = new LinkedHashMap<>();
        for (Server server : servers) {
            Process postmaster = byPid.get(server.postmasterPid());
            if (postmaster == null || !postmaster.stat().name().equals("postgres")
                    || server.uid().stream().anyMatch(uid -> uid != postmaster.uid())) {
                continue;
            }
            Map<Long, Process> own = new LinkedHashMap<>();
            Deque<Process> tree = new ArrayDeque<>(List.of(postmaster));
            while (!tree.isEmpty()) {
                Process p = tree.pop();
                if (own.putIfAbsent(p.stat().pid(), p) == null) {
                    tree.addAll(children.getOrDefault(p.stat().pid(), List.of()));
                }
            }
            server.uid().ifPresent(uid -> byUid.getOrDefault(uid, List.of()).forEach(p -> own.putIfAbsent(p.stat().pid(), p)));
            members.put(server.cloneId(), List.copyOf(own.values()));
        }
        return members;
    }
}
