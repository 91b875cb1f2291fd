package io.dblab.checkup.runner;

import io.dblab.checkup.api.Check;
import io.dblab.checkup.api.CheckUnavailableException;
import io.dblab.checkup.api.HostData;
import io.dblab.checkup.api.HostRole;
import io.dblab.checkup.api.HostScope;
import io.dblab.checkup.api.SampledCheck;
import io.dblab.checkup.report.HostResult;
import io.dblab.checkup.report.SecretRedactor;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs the checks on one host, in its own thread: the first sample of every sampled check, then
 * the ordinary checks, then (once {@code interval} has passed since the first sample) the second
 * sample. A failing check costs only its own result; a session a check broke is reopened.
 */
final class HostRun {
    private PgSession session;
    private final List<Check> checks;
    private final Duration interval;
    private final Consumer<String> warnings;
    private final Map<String, HostResult> results = new LinkedHashMap<>();

    HostRun(PgSession session, List<Check> checks, Duration interval, Consumer<String> warnings) {
        this.session = session;
        this.checks = checks;
        this.interval = interval;
        this.warnings = warnings;
    }

    /** Results by check ID. */
    Map<String, HostResult> run() throws InterruptedException {
        List<SampledCheck> sampled = checks.stream().filter(c -> c instanceof SampledCheck)
                .map(c -> (SampledCheck) c).filter(this::runsHere).toList();
        Map<String, HostData> firstSamples = new LinkedHashMap<>();
        long firstAt = System.nanoTime();
        for (SampledCheck check : sampled) {
            attempt(check, () -> {
                firstSamples.put(check.id(), check.sample(session));
                return null;
            });
        }
        for (Check check : checks) {
            if (check instanceof SampledCheck) {
                continue;
            }
            if (!runsHere(check)) {
                results.put(check.id(), HostResult.failed(role(), skipReason()));
                continue;
            }
            HostData data = attempt(check, () -> check.collect(session));
            if (data != null) {
                results.put(check.id(), HostResult.ok(role(), SecretRedactor.redact(data)));
            }
        }
        if (!firstSamples.isEmpty()) {
            long waitNanos = interval.toNanos() - (System.nanoTime() - firstAt);
            if (waitNanos > 0) {
                Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - firstAt);
            for (SampledCheck check : sampled) {
                HostData first = firstSamples.get(check.id());
                if (first == null) {
                    continue;
                }
                HostData data = attempt(check, () -> check.combine(session, first, check.sample(session), elapsed));
                if (data != null) {
                    results.put(check.id(), HostResult.ok(role(), SecretRedactor.redact(data)));
                }
            }
        }
        for (Check check : checks) {
            if (check instanceof SampledCheck && !runsHere(check)) {
                results.put(check.id(), HostResult.failed(role(), skipReason()));
            }
        }
        return results;
    }

    PgSession session() {
        return session;
    }

    private HostRole role() {
        return session.role();
    }

    private boolean runsHere(Check check) {
        return check.scope() != HostScope.PRIMARY_ONLY || session.role() == HostRole.PRIMARY;
    }

    private static String skipReason() {
        return "not run on a standby: this check runs on the primary only";
    }

    private interface Step {
        HostData run() throws SQLException;
    }

    /** Runs one step of a check; on failure records the reason as this host's result and returns null. */
    private HostData attempt(Check check, Step step) {
        try {
            return step.run();
        } catch (CheckUnavailableException e) {
            results.put(check.id(), HostResult.failed(role(), e.getMessage()));
        } catch (SQLException e) {
            results.put(check.id(), HostResult.failed(role(), "query failed: " + SqlErrors.describe(e)));
        } catch (RuntimeException e) {
            results.put(check.id(), HostResult.failed(role(), "check failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() != null ? ": " + SqlErrors.firstLine(e.getMessage()) : "")));
        } finally {
            afterCheck(check);
        }
        return null;
    }

    private void afterCheck(Check check) {
        session.resetAfterCheck();
        if (!session.isUsable()) {
            try {
                session = session.reopen();
            } catch (SQLException e) {
                warnings.accept(session.name() + ": the session broke after " + check.id()
                        + " and could not be reopened: " + SqlErrors.describe(e));
            }
        }
    }
}
