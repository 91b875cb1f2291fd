package io.dblab.bench;

import io.dblab.client.DblabClient;
import io.dblab.client.transport.EngineReply;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/**
 * What reading the engine's state costs as clones accumulate: {@code GET /metrics}, which reads
 * {@code /proc} for every running clone, {@code GET /status}, and {@code GET /clones}, which reads no
 * {@code /proc} and is the baseline. First one request to each (fresh: the first after the clone count
 * was reached), then {@value #WARM_UP} untimed rounds and {@value #TIMED} timed rounds of one request
 * to each in turn, so that load that comes and goes weighs on all three alike. Each timed request is
 * bracketed by readings of the engine process's own CPU time ({@code utime + stime} of all its
 * threads, from {@code /proc/<pid>/stat}), summed per endpoint. Answers are read whole as text and
 * not parsed, so the figures are the engine's work and the transfer.
 */
final class ScrapeCost {
    static final int WARM_UP = 3;
    static final int TIMED = 20;

    enum Endpoint {
        METRICS("/metrics"), STATUS("/status"), CLONES("/clones");

        final String path;

        Endpoint(String path) {
            this.path = path;
        }
    }

    /**
     * @param cpuMillis   the engine's CPU time per timed request (10-ms clock ticks summed over them)
     * @param answerBytes the size of the last answer
     */
    record Cost(double freshMillis, Sample warm, double cpuMillis, int answerBytes) {}

    /**
     * @param processes all processes on the machine, whose {@code /proc} entries {@code /metrics} reads
     *                  each time
     */
    record Result(int clones, long processes, Map<Endpoint, Cost> costs) {
        Cost of(Endpoint endpoint) {
            return costs.get(endpoint);
        }
    }

    private ScrapeCost() {}

    /**
     * @param clones the clones that run now: the /metrics answer must count as many in its memory
     *               limit (the host's memory once per clone measured), or its /proc work was not done
     */
    static Result measure(DblabClient client, long enginePid, int clones, long hostMemoryBytes) throws Exception {
        Map<Endpoint, Double> fresh = new EnumMap<>(Endpoint.class);
        Map<Endpoint, String> answers = new EnumMap<>(Endpoint.class);
        for (Endpoint endpoint : Endpoint.values()) {
            fresh.put(endpoint, Sample.millisOf(() -> answers.put(endpoint, get(client, endpoint))));
        }
        for (int i = 0; i < WARM_UP; i++) {
            for (Endpoint endpoint : Endpoint.values()) {
                get(client, endpoint);
            }
        }
        Map<Endpoint, Sample> warm = new EnumMap<>(Endpoint.class);
        Map<Endpoint, Long> ticks = new EnumMap<>(Endpoint.class);
        for (int i = 0; i < TIMED; i++) {
            for (Endpoint endpoint : Endpoint.values()) {
                long before = ProcessCpu.ownTicks(enginePid);
                warm.computeIfAbsent(endpoint, e -> new Sample()).time(() -> answers.put(endpoint, get(client, endpoint)));
                ticks.merge(endpoint, ProcessCpu.ownTicks(enginePid) - before, Long::sum);
            }
        }
        long measured = Math.round(limitBytes(answers.get(Endpoint.METRICS)) / hostMemoryBytes);
        if (measured != clones) {
            throw new IllegalStateException("/metrics measured " + measured + " clones' servers, expected " + clones);
        }
        Map<Endpoint, Cost> costs = new EnumMap<>(Endpoint.class);
        for (Endpoint endpoint : Endpoint.values()) {
            double cpuMillis = ticks.get(endpoint) * 1000 / ProcessCpu.TICKS_PER_SECOND / TIMED;
            costs.put(endpoint, new Cost(fresh.get(endpoint), warm.get(endpoint), cpuMillis,
                    answers.get(endpoint).getBytes(StandardCharsets.UTF_8).length));
        }
        Log.log("scrapes at %d clones: /metrics %s, /status %s, /clones %s (medians)", clones,
                Sample.ms(warm.get(Endpoint.METRICS).median()), Sample.ms(warm.get(Endpoint.STATUS).median()),
                Sample.ms(warm.get(Endpoint.CLONES).median()));
        return new Result(clones, ProcessHandle.allProcesses().count(), costs);
    }

    private static String get(DblabClient client, Endpoint endpoint) {
        EngineReply reply = client.raw("GET", endpoint.path, null);
        if (reply.status() != 200) {
            throw new IllegalStateException("GET " + endpoint.path + ": HTTP " + reply.status() + " " + reply.body());
        }
        return reply.body();
    }

    /** The value of {@code dblab_clone_total_memory_limit_bytes} in a Prometheus text answer. */
    private static double limitBytes(String metrics) {
        String name = "dblab_clone_total_memory_limit_bytes ";
        return metrics.lines().filter(line -> line.startsWith(name)).findFirst()
                .map(line -> Double.parseDouble(line.substring(name.length()).strip()))
                .orElseThrow(() -> new IllegalStateException("/metrics has no " + name.strip()));
    }
}
