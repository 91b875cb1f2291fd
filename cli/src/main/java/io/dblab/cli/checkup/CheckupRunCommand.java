package io.dblab.cli.checkup;

import io.dblab.checkup.api.Check;
import io.dblab.checkup.api.Priority;
import io.dblab.checkup.report.CheckResult;
import io.dblab.checkup.report.CheckupReport;
import io.dblab.checkup.report.HostInfo;
import io.dblab.checkup.report.ReportFormat;
import io.dblab.checkup.report.ReportWriter;
import io.dblab.checkup.runner.CheckRegistry;
import io.dblab.checkup.runner.CheckupRequest;
import io.dblab.checkup.runner.CheckupRunner;
import io.dblab.checkup.runner.ConnStringParser;
import io.dblab.checkup.runner.ConnTarget;
import io.dblab.checkup.runner.NoHostReachedException;
import io.dblab.checkup.runner.Passwords;
import io.dblab.checkup.runner.SessionOpener;
import io.dblab.cli.CommandFailedException;
import io.dblab.serverkit.config.Durations;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code dblab checkup run}: connects to each host, runs the checks, writes the report and prints
 * a summary. Findings are the report's content, not a failure: the exit code is 0 whenever a
 * report was written.
 */
@Command(name = "run", description = {
    "Check a PostgreSQL cluster and write a report (JSON, Markdown, one self-contained HTML file).",
    "Passwords come from PGPASSWORD or the password file (~/.pgpass, PGPASSFILE), never from --conn.",
    "Every session is read-only, with statement_timeout 30s and lock_timeout 5s."})
public final class CheckupRunCommand implements Callable<Integer> {
    private static final Pattern SIZE = Pattern.compile("(?i)^\\s*(\\d+(?:\\.\\d+)?)\\s*([kmgt]i?b?|b)?\\s*$");
    private static final Pattern OPTION = Pattern.compile("^([a-z0-9_]+\\.[a-z0-9_.]+)=(-?\\d+)$");

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private CheckupCommand checkup;

    @Option(names = "--conn", required = true, paramLabel = "URL",
            description = "a host of the cluster: postgresql://user@host:port/db or 'host=… port=… dbname=… user=…';"
                    + " repeat for each host (primary and standbys)")
    private List<String> conns;

    @Option(names = "--project", required = true, paramLabel = "NAME", description = "the project's name in the report")
    private String project;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory (created if missing)")
    private Path out;

    @Option(names = "--checks", paramLabel = "IDS", description = "only these checks, like A002,H002 (default: all)")
    private String checks;

    @Option(names = "--format", paramLabel = "FORMATS", defaultValue = "json,md,html",
            description = "json, md and/or html (default: ${DEFAULT-VALUE})")
    private String format;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "60s",
            description = "pause between the two pg_stat_statements samples of the workload checks, like 60s or 5m;"
                    + " 0s for none (default: ${DEFAULT-VALUE})")
    private String interval;

    @Option(names = "--ram", paramLabel = "BYTES",
            description = "RAM of the database machines, in bytes or like 16GiB (default: read locally for a loopback host, else unknown)")
    private String ram;

    @Option(names = "--clone",
            description = "the hosts are Database Lab clones: leave out the checks that judge the server's configuration"
                    + " (memory, autovacuum, timeouts, checksums, pg_stat_statements settings), which on a clone are"
                    + " the engine's choices, not the database's")
    private boolean clone;

    @Option(names = "--threshold", paramLabel = "NAME=VALUE",
            description = "tune a check's threshold, like g002.idle_in_transaction_seconds=60 (see docs/checkup.md); repeatable")
    private List<String> thresholds;

    @Override
    public Integer call() {
        Map<String, String> env = checkup.dblab().env();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Consumer<String> warn = w -> {
            err.println("Warning: " + w);
            err.flush();
        };
        ConnStringParser parser = new ConnStringParser(env);
        List<ConnTarget> targets = new ArrayList<>();
        for (String conn : conns) {
            targets.add(parser.parse(conn));
        }
        CheckRegistry registry = CheckRegistry.load();
        Set<ReportFormat> formats = ReportFormat.parse(format);
        List<Check> selected = registry.select(checks);
        List<Check> leftOut = clone ? selected.stream().filter(Check::judgesServerConfiguration).toList() : List.of();
        selected = selected.stream().filter(c -> !leftOut.contains(c)).toList();
        if (selected.isEmpty()) {
            throw new IllegalArgumentException("--clone leaves out every check selected by --checks");
        }
        CheckupRequest request = new CheckupRequest(project, targets, selected, parseInterval(interval),
                parseRam(ram), parseThresholds(thresholds));
        Path home = Path.of(env.getOrDefault("HOME", System.getProperty("user.home")));
        CheckupRunner runner = new CheckupRunner(SessionOpener.withPasswords(new Passwords(env, home, warn)),
                Clock.systemUTC(), warn);
        CheckupReport report;
        try {
            report = runner.run(request);
        } catch (NoHostReachedException e) {
            throw new CommandFailedException(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailedException("interrupted");
        }
        ReportWriter.Written written;
        try {
            written = new ReportWriter().write(report, this.out, formats);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report into " + this.out + ": " + e.getMessage(), e);
        }
        printSummary(out, report, written);
        if (!leftOut.isEmpty()) {
            out.println("Left out on a clone (its server configuration is the engine's): "
                    + String.join(", ", leftOut.stream().map(Check::id).toList()) + ".");
            out.flush();
        }
        return 0;
    }

    private static void printSummary(PrintWriter out, CheckupReport report, ReportWriter.Written written) {
        List<String> hosts = new ArrayList<>();
        for (HostInfo h : report.hosts()) {
            hosts.add(h.name() + " " + (h.isReached() ? h.role().name().toLowerCase() + " " + h.serverVersion() : "not reached"));
        }
        out.printf("Checkup of %s: %d host(s) (%s), %d check(s) in %.1f s.%n", report.project(), report.hosts().size(),
                String.join(", ", hosts), report.checks().size(), report.duration().toMillis() / 1000.0);
        out.printf("Findings: P1 %d, P2 %d, P3 %d.%n", report.count(Priority.P1), report.count(Priority.P2),
                report.count(Priority.P3));
        List<String> unavailable = new ArrayList<>();
        for (CheckResult c : report.checks()) {
            if (c.ranNowhere()) {
                unavailable.add(c.id());
            }
        }
        if (!unavailable.isEmpty()) {
            out.println("Could not run: " + String.join(", ", unavailable) + " (the reasons are in the report).");
        }
        if (written.html() != null) {
            out.println("Report: " + written.html().toAbsolutePath());
        } else {
            out.println("Report files: " + written.files().size() + " in " + written.files().get(0).toAbsolutePath().getParent());
        }
        out.flush();
    }

    static Duration parseInterval(String text) {
        String t = text == null ? "" : text.trim();
        if (t.matches("0+(\\.0+)?(ms|s|m|h)?")) {
            return Duration.ZERO;
        }
        return Durations.parse(t);
    }

    static OptionalLong parseRam(String text) {
        if (text == null) {
            return OptionalLong.empty();
        }
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid --ram '" + text + "': give bytes, or a size like 16GiB");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2).toLowerCase();
        double factor = switch (unit.isEmpty() ? ' ' : unit.charAt(0)) {
            case 'k' -> 1024;
            case 'm' -> 1024.0 * 1024;
            case 'g' -> 1024.0 * 1024 * 1024;
            case 't' -> 1024.0 * 1024 * 1024 * 1024;
            default -> 1;
        };
        long bytes = (long) (value * factor);
        if (bytes <= 0) {
            throw new IllegalArgumentException("invalid --ram '" + text + "': it must be positive");
        }
        return OptionalLong.of(bytes);
    }

    static Map<String, String> parseThresholds(List<String> values) {
        Map<String, String> options = new LinkedHashMap<>();
        if (values == null) {
            return options;
        }
        for (String v : values) {
            Matcher m = OPTION.matcher(v.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("invalid --threshold '" + v + "': use NAME=NUMBER, like g002.idle_in_transaction_seconds=60");
            }
            options.put(m.group(1), m.group(2));
        }
        return options;
    }
}
