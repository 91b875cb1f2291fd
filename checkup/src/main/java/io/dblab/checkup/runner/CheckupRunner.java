package io.dblab.checkup.runner;

import io.dblab.checkup.api.Check;
import io.dblab.checkup.api.CheckContext;
import io.dblab.checkup.api.Finding;
import io.dblab.checkup.api.HostData;
import io.dblab.checkup.api.HostRole;
import io.dblab.checkup.report.CheckResult;
import io.dblab.checkup.report.CheckupReport;
import io.dblab.checkup.report.HostInfo;
import io.dblab.checkup.report.HostResult;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs a checkup: connects to every host (a host that cannot be reached is reported, the others
 * are checked), runs the checks on all hosts in parallel (one thread and session per host), then
 * lets every check conclude from what all hosts returned.
 */
public final class CheckupRunner {
    private final SessionOpener opener;
    private final Clock clock;
    private final Consumer<String> warnings;

    public CheckupRunner(SessionOpener opener, Clock clock, Consumer<String> warnings) {
        this.opener = opener;
        this.clock = clock;
        this.warnings = warnings;
    }

    public CheckupReport run(CheckupRequest request) throws InterruptedException {
        Instant started = clock.instant();
        List<String> runWarnings = Collections.synchronizedList(new ArrayList<>());
        Consumer<String> warn = w -> {
            runWarnings.add(w);
            warnings.accept(w);
        };
        List<HostInfo> hosts = new ArrayList<>();
        Map<String, PgSession> sessions = new LinkedHashMap<>();
        try {
            Set<String> names = new HashSet<>();
            for (ConnTarget target : request.hosts()) {
                String name = uniqueName(target, names);
                try {
                    PgSession session = opener.open(target, name);
                    sessions.put(name, session);
                    hosts.add(HostInfo.reached(name, target.database(), session.role(),
                            versionText(session.serverVersionNum())));
                } catch (SQLException e) {
                    String reason = SqlErrors.describe(e);
                    hosts.add(HostInfo.unreachable(name, target.database(), reason));
                    warn.accept(name + ": cannot connect: " + reason);
                }
            }
            if (sessions.isEmpty()) {
                StringBuilder why = new StringBuilder("no host could be reached");
                hosts.forEach(h -> why.append("; ").append(h.name()).append(": ").append(h.error()));
                throw new NoHostReachedException(why.toString());
            }
            hosts.sort(Comparator.comparing((HostInfo h) -> h.role() == null ? 2 : h.role() == HostRole.PRIMARY ? 0 : 1));
            Map<String, Map<String, HostResult>> byHost = runOnHosts(request, sessions, warn);
            List<CheckResult> results = conclude(request, hosts, byHost);
            Duration took = Duration.between(started, clock.instant());
            return new CheckupReport(request.project(), started, took, hosts, results, runWarnings);
        } finally {
            sessions.values().forEach(PgSession::close);
        }
    }

    private Map<String, Map<String, HostResult>> runOnHosts(CheckupRequest request, Map<String, PgSession> sessions,
                                                           Consumer<String> warn) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(sessions.size(), r -> {
            Thread t = new Thread(r, "checkup-host");
            t.setDaemon(true);
            return t;
        });
        Map<String, Future<Map<String, HostResult>>> futures = new LinkedHashMap<>();
        Map<String, HostRun> runs = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, PgSession> e : sessions.entrySet()) {
                HostRun run = new HostRun(e.getValue(), request.checks(), request.interval(), warn);
                runs.put(e.getKey(), run);
                futures.put(e.getKey(), pool.submit(run::run));
            }
            Map<String, Map<String, HostResult>> byHost = new LinkedHashMap<>();
            for (Map.Entry<String, Future<Map<String, HostResult>>> e : futures.entrySet()) {
                try {
                    byHost.put(e.getKey(), e.getValue().get());
                } catch (ExecutionException ex) {
                    warn.accept(e.getKey() + ": checks stopped: " + ex.getCause());
                    byHost.put(e.getKey(), Map.of());
                }
            }
            return byHost;
        } finally {
            pool.shutdownNow();
            // a check may have reopened a broken session: close the one each run ended with
            runs.forEach((name, run) -> {
                if (run.session() != sessions.get(name)) {
                    run.session().close();
                }
            });
        }
    }

    private static List<CheckResult> conclude(CheckupRequest request, List<HostInfo> hosts,
                                              Map<String, Map<String, HostResult>> byHost) {
        Map<String, HostRole> roles = new LinkedHashMap<>();
        hosts.stream().filter(HostInfo::isReached).forEach(h -> roles.put(h.name(), h.role()));
        Map<String, Map<String, HostData>> collected = new LinkedHashMap<>();
        for (Check check : request.checks()) {
            Map<String, HostData> data = new LinkedHashMap<>();
            for (String host : roles.keySet()) {
                HostResult r = byHost.getOrDefault(host, Map.of()).get(check.id());
                if (r != null && r.isOk()) {
                    data.put(host, r.data());
                }
            }
            collected.put(check.id(), Collections.unmodifiableMap(data));
        }
        CheckContext context = new CheckContext(Collections.unmodifiableMap(roles), request.ramBytes(),
                Collections.unmodifiableMap(collected), request.options());
        List<CheckResult> results = new ArrayList<>();
        for (Check check : request.checks()) {
            Map<String, HostResult> perHost = new LinkedHashMap<>();
            for (HostInfo host : hosts) {
                if (!host.isReached()) {
                    perHost.put(host.name(), HostResult.failed(null, "host not reached: " + host.error()));
                    continue;
                }
                HostResult r = byHost.getOrDefault(host.name(), Map.of()).get(check.id());
                perHost.put(host.name(), r != null ? r : HostResult.failed(host.role(), "no result"));
            }
            List<Finding> findings = List.of();
            String concludeError = null;
            Map<String, HostData> data = collected.get(check.id());
            if (!data.isEmpty()) {
                try {
                    findings = check.conclude(data, context);
                } catch (RuntimeException e) {
                    concludeError = "conclusions failed: " + e.getClass().getSimpleName()
                            + (e.getMessage() != null ? ": " + e.getMessage() : "");
                }
            }
            results.add(new CheckResult(check.id(), check.title(), perHost, findings == null ? List.of() : findings,
                    concludeError));
        }
        return results;
    }

    private static String uniqueName(ConnTarget target, Set<String> taken) {
        String name = target.name();
        if (taken.add(name)) {
            return name;
        }
        String withDb = name + "/" + target.database();
        if (taken.add(withDb)) {
            return withDb;
        }
        for (int i = 2; ; i++) {
            String numbered = name + "#" + i;
            if (taken.add(numbered)) {
                return numbered;
            }
        }
    }

    /** 150018 → "15.18", 90624 → "9.6.24". */
    static String versionText(int num) {
        if (num >= 100000) {
            return (num / 10000) + "." + (num % 10000);
        }
        return (num / 10000) + "." + (num / 100 % 100) + "." + (num % 100);
    }
}
