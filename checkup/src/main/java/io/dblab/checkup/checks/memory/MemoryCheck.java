package io.dblab.checkup.checks.memory;

import io.dblab.checkup.api.Check;
import io.dblab.checkup.api.CheckContext;
import io.dblab.checkup.api.Finding;
import io.dblab.checkup.api.HostConnection;
import io.dblab.checkup.api.HostData;
import io.dblab.checkup.api.Priority;
import io.dblab.checkup.checks.common.ServerSettings;
import io.dblab.checkup.checks.common.Values;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * G001: memory settings against the machine's RAM. RAM is the {@code --ram} value, or MemTotal
 * of {@code /proc/meminfo} when the host is this machine (a loopback address), else unknown.
 * P1 when shared_buffers is below 20% or above 80% of RAM; P1 when the worst case
 * shared_buffers + 2·work_mem·max_connections + (autovacuum_work_mem or maintenance_work_mem)·
 * autovacuum_max_workers reaches 90% of RAM (out-of-memory risk); P3 when RAM is unknown.
 */
public final class MemoryCheck implements Check {
    static final List<String> SETTINGS = List.of("shared_buffers", "work_mem", "maintenance_work_mem",
            "autovacuum_work_mem", "autovacuum_max_workers", "max_connections", "effective_cache_size",
            "temp_buffers", "huge_pages", "max_worker_processes", "max_parallel_workers",
            "max_parallel_workers_per_gather", "max_parallel_maintenance_workers", "wal_buffers");
    private final Path meminfo;

    public MemoryCheck() {
        this(Path.of("/proc/meminfo"));
    }

    MemoryCheck(Path meminfo) {
        this.meminfo = meminfo;
    }

    @Override
    public String id() {
        return "G001";
    }

    @Override
    public String title() {
        return "Memory settings";
    }

    @Override
    public boolean judgesServerConfiguration() {
        return true;
    }

    @Override
    public HostData collect(HostConnection host) throws SQLException {
        Map<String, Object> data = new LinkedHashMap<>();
        List<Map<String, Object>> rows = ServerSettings.named(host, SETTINGS);
        List<Map<String, Object>> settings = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", row.get("name"));
            r.put("setting", row.get("setting"));
            r.put("unit", row.get("unit"));
            r.put("value", ServerSettings.display(row));
            OptionalDouble b = ServerSettings.bytes(row);
            if (b.isPresent() && b.getAsDouble() >= 0) {
                r.put("bytes", (long) b.getAsDouble());
            }
            settings.add(r);
        }
        data.put("settings", settings);
        if (isLoopback(hostPart(host.name()))) {
            OptionalLong ram = localRam();
            if (ram.isPresent()) {
                data.put("ram_bytes", ram.getAsLong());
                data.put("ram_source", "/proc/meminfo of this machine (the host is a loopback address)");
            }
        }
        return HostData.of(data);
    }

    /** The host part of a host name such as {@code 127.0.0.1:5432} or {@code [::1]:5432}. */
    private static String hostPart(String hostName) {
        String h = hostName;
        int slash = h.indexOf('/');
        if (slash > 0) {
            h = h.substring(0, slash);
        }
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            return close > 0 ? h.substring(1, close) : h;
        }
        int colon = h.lastIndexOf(':');
        return colon > 0 ? h.substring(0, colon) : h;
    }

    /** Whether a host is this machine, whose RAM /proc/meminfo tells. */
    private static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("::1") || h.startsWith("127.");
    }

    OptionalLong localRam() {
        try {
            for (String line : Files.readAllLines(meminfo)) {
                if (line.startsWith("MemTotal:")) {
                    String[] parts = line.substring(9).trim().split("\\s+");
                    return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    @Override
    public List<Finding> conclude(Map<String, HostData> byHost, CheckContext context) {
        List<Finding> findings = new ArrayList<>();
        byHost.forEach((host, data) -> {
            Map<String, Map<String, Object>> s = ServerSettings.byName(Values.rows(data.get("settings")));
            double ram = context.ramBytes().isPresent() ? context.ramBytes().getAsLong()
                    : Values.numberOrNaN(data.get("ram_bytes"));
            double sb = bytes(s, "shared_buffers");
            double workMem = bytes(s, "work_mem");
            double avMem = bytes(s, "autovacuum_work_mem");
            if (Double.isNaN(avMem) || avMem < 0) {
                avMem = bytes(s, "maintenance_work_mem");
            }
            double maxConn = Values.numberOrNaN(s.getOrDefault("max_connections", Map.of()).get("setting"));
            double avWorkers = Values.numberOrNaN(s.getOrDefault("autovacuum_max_workers", Map.of()).get("setting"));
            double worst = sb + 2 * workMem * maxConn + avMem * avWorkers;
            if (Double.isNaN(ram) || ram <= 0) {
                findings.add(Finding.of(Priority.P3, "The RAM of " + host + " is unknown: shared_buffers ("
                                + Values.bytes(sb) + ") and the worst-case memory use (" + Values.bytes(worst)
                                + ") cannot be judged.",
                        "Give the machine's RAM with --ram BYTES."));
                return;
            }
            double share = sb / ram;
            if (share < 0.20 || share > 0.80) {
                findings.add(Finding.of(Priority.P1, "shared_buffers on " + host + " is " + Values.bytes(sb) + ", "
                                + Values.pct(share) + " of " + Values.bytes(ram) + " RAM ("
                                + (share < 0.20 ? "below 20%" : "above 80%") + ").",
                        "Set shared_buffers to about 25% of RAM (" + Values.bytes(ram / 4) + "); it needs a restart."));
            }
            if (!Double.isNaN(worst) && worst >= 0.9 * ram) {
                findings.add(Finding.of(Priority.P1, "Out-of-memory risk on " + host + ": shared_buffers + 2·work_mem·max_connections"
                                + " + autovacuum memory·autovacuum_max_workers = " + Values.bytes(worst) + ", "
                                + Values.pct(worst / ram) + " of " + Values.bytes(ram) + " RAM (90% or more).",
                        "Lower work_mem or max_connections (use a connection pooler), or autovacuum_work_mem."));
            }
            if (findings.stream().noneMatch(f -> f.conclusion().contains(host))) {
                findings.add(Finding.of(Priority.INFO, host + ": shared_buffers " + Values.bytes(sb) + " ("
                        + Values.pct(share) + " of " + Values.bytes(ram) + " RAM); worst-case memory use "
                        + Values.bytes(worst) + " (" + Values.pct(worst / ram) + ").", null));
            }
        });
        return findings;
    }

    private static double bytes(Map<String, Map<String, Object>> s, String name) {
        Map<String, Object> row = s.get(name);
        if (row == null) {
            return Double.NaN;
        }
        Object b = row.get("bytes");
        return b != null ? Values.numberOrNaN(b) : Values.numberOrNaN(row.get("setting")) < 0 ? -1 : Double.NaN;
    }
}
