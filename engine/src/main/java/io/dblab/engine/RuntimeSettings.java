package io.dblab.engine;

import io.dblab.engine.admin.AdminConfig;
import io.dblab.engine.clone.ClonePostgres;
import io.dblab.engine.config.EngineConfig;
import io.dblab.engine.retrieval.LogicalRetrieval;
import io.dblab.engine.retrieval.RetrievalService;
import io.dblab.engine.retrieval.SourceDatabase;
import io.dblab.engine.schedule.CronSchedule;
import io.dblab.pg.process.PasswordFiles;
import io.dblab.pg.server.PgInstallation;

/**
 * The running parts that {@code POST /admin/config} changes: the log level at once, the clone
 * settings for the servers started from then on, logical retrieval's source, databases, jobs and
 * restore options for its next refresh, and the refresh timetable (rescheduled); retrieval that
 * waits for a source starts its first refresh when the change gives one.
 */
final class RuntimeSettings implements AdminConfig.Target {
    private final ClonePostgres clones;
    private final LogicalRetrieval logical;
    private final RetrievalService retrieval;
    private final PgInstallation pg;
    private final PasswordFiles passwordFiles;

    /** {@code logical} is null when retrieval is not logical: the API changes settings only in logical mode. */
    RuntimeSettings(ClonePostgres clones, LogicalRetrieval logical, RetrievalService retrieval, PgInstallation pg,
                    PasswordFiles passwordFiles) {
        this.clones = clones;
        this.logical = logical;
        this.retrieval = retrieval;
        this.pg = pg;
        this.passwordFiles = passwordFiles;
    }

    @Override
    public void check(EngineConfig next) {
        clones.checkCloneSettings(next.provision().cloneSettings());
    }

    @Override
    public void apply(EngineConfig previous, EngineConfig next) {
        EngineLogLevel.debug(next.global().debug());
        clones.useCloneSettings(next.provision().cloneSettings());
        EngineConfig.Retrieval settings = next.retrieval();
        if (logical != null) {
            logical.reconfigure(new LogicalRetrieval.Settings(new SourceDatabase(pg, settings.source().connStr(),
                    settings.source().resolvedPassword(System.getenv()), passwordFiles), settings.databases(),
                    settings.parallelJobs(), settings.logical().restoreOptions()));
        }
        String timetable = settings.refresh().timetable();
        // an unchanged timetable keeps its schedule: an @every interval would start again from now
        if (!timetable.equals(previous.retrieval().refresh().timetable())) {
            retrieval.rescheduleRefresh(timetable.isEmpty() ? null : CronSchedule.parse(timetable));
        }
        // last, so that retrieval waiting for a source begins with every setting of this change
        retrieval.sourceChanged();
    }
}
