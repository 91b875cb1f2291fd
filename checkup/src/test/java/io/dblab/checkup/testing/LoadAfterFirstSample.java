package io.dblab.checkup.testing;

import io.dblab.checkup.api.Check;
import io.dblab.checkup.api.CheckContext;
import io.dblab.checkup.api.Finding;
import io.dblab.checkup.api.HostConnection;
import io.dblab.checkup.api.HostData;
import io.dblab.checkup.api.HostScope;
import io.dblab.checkup.api.SampledCheck;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A sampled check that runs a test's workload right after its own first sample. Put in place of
 * the last sampled check of a run (the runner takes the first samples in the order of the checks),
 * the workload falls between every check's two samples however fast or slow the machine is.
 */
final class LoadAfterFirstSample implements SampledCheck {
    private final SampledCheck check;
    private final Checkups.Load load;
    private final AtomicBoolean loaded = new AtomicBoolean();

    private LoadAfterFirstSample(SampledCheck check, Checkups.Load load) {
        this.check = check;
        this.load = load;
    }

    /** {@code checks} with the last sampled one followed by {@code load} after its first sample. */
    static List<Check> after(List<Check> checks, Checkups.Load load) {
        List<Check> result = new ArrayList<>(checks);
        for (int i = result.size() - 1; i >= 0; i--) {
            if (result.get(i) instanceof SampledCheck sampled) {
                result.set(i, new LoadAfterFirstSample(sampled, load));
                return result;
            }
        }
        throw new IllegalArgumentException("no sampled check to run a load between its samples");
    }

    @Override
    public HostData sample(HostConnection host) throws SQLException {
        HostData sample = check.sample(host);
        if (loaded.compareAndSet(false, true)) {
            try {
                load.run();
            } catch (Exception e) {
                throw new IllegalStateException("the test's load failed: " + e.getMessage(), e);
            }
        }
        return sample;
    }

    @Override
    public HostData combine(HostConnection host, HostData first, HostData second, Duration elapsed) throws SQLException {
        return check.combine(host, first, second, elapsed);
    }

    @Override
    public String id() {
        return check.id();
    }

    @Override
    public String title() {
        return check.title();
    }

    @Override
    public HostScope scope() {
        return check.scope();
    }

    @Override
    public boolean judgesServerConfiguration() {
        return check.judgesServerConfiguration();
    }

    @Override
    public List<Finding> conclude(Map<String, HostData> byHost, CheckContext context) {
        return check.conclude(byHost, context);
    }
}
