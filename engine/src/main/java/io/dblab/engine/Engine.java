package io.dblab.engine;

import io.dblab.engine.admin.AdminConfig;
import io.dblab.engine.api.ApiServer;
import io.dblab.engine.api.ControlTokens;
import io.dblab.engine.audit.AuditLog;
import io.dblab.engine.webhook.WebhookDispatcher;
import io.dblab.engine.branch.BranchService;
import io.dblab.engine.clone.CloneCommits;
import io.dblab.engine.clone.ClonePostgres;
import io.dblab.engine.clone.CloneService;
import io.dblab.engine.clone.PortPool;
import io.dblab.engine.config.ConfigOverlay;
import io.dblab.engine.config.EngineConfig;
import io.dblab.engine.error.BadRequestException;
import io.dblab.engine.isolation.CloneIsolation;
import io.dblab.engine.masking.Masking;
import io.dblab.engine.metrics.EngineMetrics;
import io.dblab.engine.metrics.ReferenceMetrics;
import io.dblab.engine.platform.PlatformTunnel;
import io.dblab.engine.pool.PoolProviders;
import io.dblab.engine.pool.PoolRegistry;
import io.dblab.engine.retrieval.LogicalRetrieval;
import io.dblab.engine.retrieval.PhysicalRetrieval;
import io.dblab.engine.retrieval.RetrievalMethod;
import io.dblab.engine.retrieval.RetrievalService;
import io.dblab.engine.retrieval.RetrievalStatus;
import io.dblab.engine.retrieval.SourceDatabase;
import io.dblab.engine.retrieval.SyncMonitor;
import io.dblab.engine.retrieval.TableFilter;
import io.dblab.engine.schedule.BackgroundTask;
import io.dblab.engine.schedule.CronSchedule;
import io.dblab.engine.snapshot.SnapshotService;
import io.dblab.engine.state.ProtectionLease;
import io.dblab.engine.state.StateStore;
import io.dblab.pg.process.OsUser;
import io.dblab.pg.process.PasswordFiles;
import io.dblab.pg.server.PgCtl;
import io.dblab.pg.server.PgInstallation;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running engine: pools, clones, retrieval and the API server. Starting reconciles the saved state
 * with the disk; closing stops what the engine runs itself but leaves clones running, so that they
 * survive an engine restart.
 */
public final class Engine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    public static final String VERSION = "0.1.0";
    /**
     * The directory, beside the pools under {@code poolManager.mountDir} (which every pool's OS user
     * can pass through) but outside every pool, where the source password lives in files while a
     * tool or the standby needs it. A pool name cannot start with a dot, so none can take its place.
     */
    public static final String PASSWORD_FILES_DIR = ".credentials";
    private static final Duration SYNC_CHECK_INTERVAL = Duration.ofSeconds(5);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final ApiServer api;
    private final ControlTokens controlTokens;
    private final CloneService clones;
    private final RetrievalService retrieval;
    private final SyncMonitor sync;

    private Engine(EngineConfig serverYml, Path configFile, InstantSource clock) {
        try {
            started.push(EngineLocks.acquire(serverYml, configFile));
            ConfigOverlay overlay = overlay(serverYml);
            EngineConfig config = overlay.applyTo(serverYml);
            if (config.global().debug()) {
                EngineLogLevel.debug(true);
            }
            Path stateDir = Path.of(config.stateDir());
            StateStore state = new StateStore(stateDir);
            AuditLog audit = new AuditLog(stateDir);
            WebhookDispatcher webhooks = new WebhookDispatcher(config.webhooks(), config.provision().accessHost(), audit);
            started.push(webhooks);
            EngineMetrics metrics = new EngineMetrics();
            PgCtl ctl = new PgCtl(installation(config.provision()), OsUser.forPostgres());
            PasswordFiles passwordFiles = new PasswordFiles(Path.of(config.poolManager().mountDir(), PASSWORD_FILES_DIR));
            started.push(passwordFiles);

            PoolRegistry pools = new PoolRegistry(config.poolManager().pools().stream()
                    .map(pool -> PoolProviders.create(config.poolManager(), pool)).toList());
            pools.open();
            started.push(pools);

            SnapshotService snapshots = new SnapshotService(state, pools, clock);
            ProtectionLease lease = new ProtectionLease(config.cloning().protectionLeaseDurationMinutes(),
                    config.cloning().protectionMaxDurationMinutes(), config.cloning().protectionExpiryWarningMinutes(),
                    clock);
            snapshots.reconcile();
            PortPool ports = new PortPool(config.provision().portPool().from(), config.provision().portPool().to());
            ClonePostgres postgres = clonePostgres(config.provision(), ctl.installation());
            clones = new CloneService(state, pools, snapshots, ports, postgres, metrics, audit,
                    config.cloning().maxIdleMinutes(), lease, config.provision().keepUserPasswords(), clock, webhooks);
            started.push(clones);
            clones.reconcile();

            RetrievalStatus retrievalStatus = retrievalStatus(config);
            SourceDatabase source = sourceDatabase(config, ctl.installation(), passwordFiles);
            if (source != null) {
                SourceProbe.check(config.retrieval(), source, ctl.installation(), ctl.user(),
                        !snapshots.list().isEmpty());
            }
            RetrievalMethod method = retrievalMethod(config, ctl, source, snapshots, retrievalStatus);
            EngineConfig.Retrieval settings = config.retrieval();
            retrieval = new RetrievalService(method, retrievalStatus, pools, snapshots, audit, settings.retention().limit(),
                    cron(settings.snapshotSchedule()), cron(settings.refresh().timetable()), webhooks);
            started.push(retrieval);
            sync = method instanceof PhysicalRetrieval physical ? new SyncMonitor(physical, retrievalStatus) : null;
            Map<String, BackgroundTask> tasks = new TreeMap<>(retrieval.backgroundTasks());

            // the engine's own periodic work: each goes through a BackgroundTask, so a failure raises
            // an alert until the work next succeeds, and no failure stops the schedule
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                    BackgroundTask.daemonThreads("engine-scheduler"));
            started.push(scheduler::shutdownNow);
            pools.all().forEach(pool -> pool.reportSpaceMeteringTo(retrievalStatus));
            BackgroundTask idleCheck = new BackgroundTask("Idle clone check", "idle_check_failed", retrievalStatus);
            idleCheck.every(scheduler, Duration.ofSeconds(config.cloning().idleCheckSeconds()), clones::destroyIdleClones);
            tasks.put("idle_check", idleCheck);
            if (sync != null) {
                BackgroundTask syncCheck = new BackgroundTask("Replication check", "sync_check_failed", retrievalStatus);
                syncCheck.every(scheduler, SYNC_CHECK_INTERVAL, sync::check);
                tasks.put("sync_check", syncCheck);
            }
            EngineGauges.register(metrics, clones, pools, retrieval, tasks);
            BranchService branches = new BranchService(state, snapshots, lease, webhooks);
            Supplier<Map<String, Object>> syncView = sync == null ? () -> null : sync::view;
            metrics.collect(new ReferenceMetrics(new EngineFactsReader(state.instanceId(), clock.instant(), clones,
                    snapshots, branches, pools, retrievalStatus, audit, syncView, postgres::identityUid), clock));
            controlTokens = new ControlTokens(config.platform().controlToken());
            AdminConfig admin = new AdminConfig(serverYml, overlay, new RuntimeSettings(postgres,
                    method instanceof LogicalRetrieval logical ? logical : null, retrieval, ctl.installation(), passwordFiles),
                    new SourceCheck(ctl.installation(), passwordFiles)::run);
            api = new ApiServer(config, VERSION, state.instanceId(), clones, snapshots,
                    branches, new CloneCommits(state, pools, snapshots, postgres),
                    retrieval, pools, metrics, audit, syncView::get, controlTokens, admin);
            startApi(config.server());
            started.push(api);
            PlatformTunnel.start(config, api.port(), controlTokens).ifPresent(started::push);
            retrieval.start();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Locks the state directory and the pools, opens the pools, reconciles state with the disk,
     * starts retrieval and the API server. A reason the operator can act on fails the start with an
     * {@link EngineStartException}.
     */
    public static Engine start(EngineConfig config) {
        return new Engine(config, null, InstantSource.system());
    }

    /** As {@link #start(EngineConfig)}, for a configuration read from {@code configFile}, which the locks name. */
    public static Engine start(EngineConfig config, Path configFile) {
        return new Engine(config, configFile, InstantSource.system());
    }

    /**
     * As {@link #start(EngineConfig)}, with the clock that clone activity is timed by (creation,
     * last activity, the idle check), so that a test can let a clone's idle time pass without
     * waiting for it; schedules keep to real time.
     */
    static Engine start(EngineConfig config, InstantSource clock) {
        return new Engine(config, null, clock);
    }

    /** The port the API server listens on. */
    public int apiPort() {
        return api.port();
    }

    /** Every route the API server answers, {@code "METHOD /path"}: what the OpenAPI document must describe. */
    public List<String> apiRoutes() {
        return api.routes();
    }

    /** The ports the API server listens on. */
    public java.util.List<Integer> listeningPorts() {
        return api.listeningPorts();
    }

    /** The tokens that mark the Platform's requests; the engine's own Platform-facing code gets one with {@code issue()}. */
    ControlTokens controlTokens() {
        return controlTokens;
    }

    public boolean isRetrieving() {
        return retrieval.isRunning();
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                // not expected: the stack trace, once, tells where
                LOG.warn("shutdown step failed", e);
            }
        }
    }

    /**
     * The keys set through {@code POST /admin/config} before, which the engine applies over server.yml;
     * server.yml may have changed since, so the result is checked again as a whole.
     */
    private static ConfigOverlay overlay(EngineConfig serverYml) {
        Path file = Path.of(serverYml.stateDir(), ConfigOverlay.FILE_NAME);
        ConfigOverlay overlay;
        try {
            overlay = ConfigOverlay.read(Path.of(serverYml.stateDir()));
        } catch (IllegalArgumentException e) {
            throw new EngineStartException(e.getMessage(), "correct or delete " + file, e);
        }
        List<String> problems = overlay.problemsWith(serverYml);
        if (!problems.isEmpty()) {
            throw new EngineStartException("server.yml with the keys set through POST /admin/config (" + file + ") is"
                    + " invalid: " + String.join("; ", problems), "correct server.yml, or delete the offending lines of " + file);
        }
        return overlay;
    }

    private static PgInstallation installation(EngineConfig.Provision provision) {
        try {
            return PgInstallation.at(Path.of(provision.postgresBinDir()));
        } catch (IllegalArgumentException e) {
            throw new EngineStartException(e.getMessage(), "install the PostgreSQL server package or set"
                    + " provision.postgresBinDir to the directory that holds its binaries", e);
        }
    }

    private static ClonePostgres clonePostgres(EngineConfig.Provision provision, PgInstallation installation) {
        ClonePostgres postgres = new ClonePostgres(installation, CloneIsolation.fromConfig(provision),
                provision.accessHost(), provision.cloneSharedBuffers(), provision.cloneSettings());
        try {
            postgres.checkCloneSettings(provision.cloneSettings());
        } catch (BadRequestException e) {
            throw new EngineStartException(e.getMessage(), "remove it from the configuration or give it a value"
                    + " this PostgreSQL accepts", e);
        }
        return postgres;
    }

    /** Jetty reports a taken port as a BindException somewhere down the causes of Javalin's exception. */
    private void startApi(EngineConfig.Server server) {
        try {
            api.start();
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof BindException) {
                    throw new EngineStartException("cannot listen on " + server.host() + ":" + server.port()
                            + " (server.port): " + cause.getMessage(),
                            "stop the process that uses the port (ss -ltnp shows it) or set server.port to a free one", e);
                }
            }
            throw e;
        }
    }

    private static RetrievalStatus retrievalStatus(EngineConfig config) {
        return "none".equals(config.retrieval().mode())
                ? new RetrievalStatus("unknown", "inactive") : new RetrievalStatus(config.retrieval().mode(), "pending");
    }

    /** The source retrieval reads, with its password (written, or from the environment); null without retrieval. */
    private static SourceDatabase sourceDatabase(EngineConfig config, PgInstallation pg, PasswordFiles passwordFiles) {
        EngineConfig.Retrieval settings = config.retrieval();
        if ("none".equals(settings.mode())) {
            return null;
        }
        return new SourceDatabase(pg, settings.source().connStr(), settings.source().resolvedPassword(System.getenv()),
                passwordFiles);
    }

    private static RetrievalMethod retrievalMethod(EngineConfig config, PgCtl ctl, SourceDatabase source,
                                                   SnapshotService snapshots, RetrievalStatus status) {
        EngineConfig.Retrieval settings = config.retrieval();
        if (source == null) {
            return null;
        }
        boolean keepPasswords = config.provision().keepUserPasswords();
        Masking masking = Masking.fromConfig(settings.masking(), System.getenv(), ctl.installation(), status);
        if ("physical".equals(settings.mode())) {
            return new PhysicalRetrieval(ctl, source, settings.physical(), keepPasswords, snapshots, status, masking);
        }
        return new LogicalRetrieval(ctl, source, settings.databases(), settings.parallelJobs(), keepPasswords,
                new TableFilter(settings.logical().includeTables(), settings.logical().excludeTables()),
                settings.logical().restoreOptions(), snapshots, status, masking);
    }

    private static CronSchedule cron(String expression) {
        return expression.isEmpty() ? null : CronSchedule.parse(expression);
    }
}
