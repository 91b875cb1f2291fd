package io.dblab.engine.config;

import java.util.List;
import java.util.Map;

/**
 * The engine's configuration as read from server.yml. Every record fills its defaults in its
 * compact constructor, so a missing section or key means "the default", never null.
 */
public record EngineConfig(
        Server server,
        PoolManager poolManager,
        Provision provision,
        Retrieval retrieval,
        Cloning cloning,
        String stateDir,
        Platform platform,
        Webhooks webhooks,
        Global global) {

    public EngineConfig {
        server = server == null ? new Server(null, 0, null, null, false) : server;
        poolManager = poolManager == null ? new PoolManager(null, null) : poolManager;
        provision = provision == null ? new Provision(null, null, null, false, null) : provision;
        retrieval = retrieval == null ? new Retrieval(null, null, null, 0) : retrieval;
        cloning = cloning == null ? new Cloning(null, 0) : cloning;
        stateDir = stateDir == null || stateDir.isBlank()
                ? java.nio.file.Path.of(poolManager.mountDir(), DEFAULT_STATE_DIR).toString() : stateDir;
        platform = platform == null ? new Platform(null, null) : platform;
        webhooks = webhooks == null ? new Webhooks(null, null, null, null) : webhooks;
        global = global == null ? new Global(false) : global;
    }

    /** An engine with the default {@code global} section. */
    public EngineConfig(Server server, PoolManager poolManager, Provision provision, Retrieval retrieval, Cloning cloning,
                        String stateDir, Platform platform, Webhooks webhooks) {
        this(server, poolManager, provision, retrieval, cloning, stateDir, platform, webhooks, null);
    }

    /** An engine that sends no webhooks. */
    public EngineConfig(Server server, PoolManager poolManager, Provision provision, Retrieval retrieval, Cloning cloning,
                        String stateDir, Platform platform) {
        this(server, poolManager, provision, retrieval, cloning, stateDir, platform, null, null);
    }

    /** An engine that the Platform does not steer. */
    public EngineConfig(Server server, PoolManager poolManager, Provision provision, Retrieval retrieval, Cloning cloning,
                        String stateDir) {
        this(server, poolManager, provision, retrieval, cloning, stateDir, null);
    }

    /**
     * The default state directory, under {@code poolManager.mountDir} beside the pools: it belongs to
     * the pools the configuration names, so engines with different pools never share it by default
     * (a pool name cannot start with a dot, so no pool takes its place).
     */
    public static final String DEFAULT_STATE_DIR = ".state";

    /**
     * {@code disableConfigModification}: as in the reference, {@code POST /admin/config} (and the
     * source check that belongs to it) is refused with 400 when set.
     */
    public record Server(String host, int port, String verificationToken, Tls tls, boolean allowInsecureHttp,
                         boolean disableConfigModification) {
        public Server {
            host = host == null || host.isBlank() ? "127.0.0.1" : host;
            port = port == 0 ? 2345 : port;
            verificationToken = verificationToken == null ? "" : verificationToken;
            tls = tls == null ? new Tls(null, null) : tls;
        }

        /** A server whose configuration may be changed through the API. */
        public Server(String host, int port, String verificationToken, Tls tls, boolean allowInsecureHttp) {
            this(host, port, verificationToken, tls, allowInsecureHttp, false);
        }
    }

    public record Tls(String certFile, String keyFile) {
        public boolean enabled() {
            return certFile != null && !certFile.isBlank();
        }
    }

    public record PoolManager(String mountDir, List<Pool> pools) {
        public PoolManager {
            mountDir = mountDir == null || mountDir.isBlank() ? "/var/lib/dblab" : mountDir;
            pools = pools == null || pools.isEmpty() ? List.of(new Pool(null, null, null, null, false, null))
                    : List.copyOf(pools);
        }
    }

    /**
     * One pool: {@code provider} is {@code btrfs} or {@code reflink}; {@code quotas} (btrfs, default
     * off) measures sizes with btrfs quota groups: cheap figures, but each snapshot's commit then
     * accounts for what every running clone wrote, so making a clone slows as clones accumulate.
     */
    public record Pool(String name, String provider, String imageFile, String size, boolean unmountOnStop,
                       Boolean quotas) {
        public Pool {
            name = name == null || name.isBlank() ? "dblab_pool" : name;
            provider = provider == null || provider.isBlank() ? "btrfs" : provider;
            size = size == null || size.isBlank() ? "20GiB" : size;
            quotas = quotas != null && quotas;
        }
    }

    /**
     * {@code cloneUidBase}: each clone runs as its own identity, uid = gid = {@code cloneUidBase + port}.
     * A port serves one clone at a time on a host, so engines with different port pools never share
     * an identity. {@code cloneSettings}: PostgreSQL settings every clone starts with, over the
     * engine's own and under a request's {@code extra_conf} (the same allowlist applies).
     */
    public record Provision(PortPool portPool, String accessHost, String postgresBinDir, boolean keepUserPasswords,
                           String cloneSharedBuffers, int cloneUidBase, Map<String, String> cloneSettings) {
        /** 0x70000000: above the ranges that useradd, /etc/subuid and systemd's containers hand out. */
        public static final int DEFAULT_CLONE_UID_BASE = 0x70000000;

        public Provision {
            portPool = portPool == null ? new PortPool(0, 0) : portPool;
            accessHost = accessHost == null || accessHost.isBlank() ? "127.0.0.1" : accessHost;
            postgresBinDir = postgresBinDir == null || postgresBinDir.isBlank()
                    ? "/usr/lib/postgresql/15/bin" : postgresBinDir;
            cloneSharedBuffers = cloneSharedBuffers == null || cloneSharedBuffers.isBlank() ? "16MB" : cloneSharedBuffers;
            cloneUidBase = cloneUidBase == 0 ? DEFAULT_CLONE_UID_BASE : cloneUidBase;
            cloneSettings = cloneSettings == null ? Map.of() : Map.copyOf(cloneSettings);
        }

        /** Provisioning with the default clone identities and settings. */
        public Provision(PortPool portPool, String accessHost, String postgresBinDir, boolean keepUserPasswords,
                         String cloneSharedBuffers) {
            this(portPool, accessHost, postgresBinDir, keepUserPasswords, cloneSharedBuffers, 0, null);
        }
    }

    public record PortPool(int from, int to) {
        public PortPool {
            from = from == 0 ? 6000 : from;
            to = to == 0 ? 6099 : to;
        }
    }

    /**
     * {@code mode}: {@code logical} (a logical copy of {@code source}), {@code physical}
     * (pg_basebackup or {@code physical.restoreCommand}, then a streaming standby) or {@code none}.
     * {@code snapshotSchedule} and {@code refresh.timetable} are 5-field cron expressions.
     */
    public record Retrieval(String mode, Source source, List<String> databases, int parallelJobs, Logical logical,
                            Physical physical, String snapshotSchedule, Retention retention, Refresh refresh,
                            Masking masking) {
        public Retrieval {
            mode = mode == null || mode.isBlank() ? "logical" : mode;
            source = source == null ? new Source(null, null) : source;
            databases = databases == null ? List.of() : List.copyOf(databases);
            parallelJobs = parallelJobs == 0 ? 2 : parallelJobs;
            logical = logical == null ? new Logical(null, null, null) : logical;
            physical = physical == null ? new Physical(null, null, null, null) : physical;
            snapshotSchedule = snapshotSchedule == null ? "" : snapshotSchedule.strip();
            retention = retention == null ? new Retention(null) : retention;
            refresh = refresh == null ? new Refresh(null) : refresh;
            masking = masking == null ? new Masking(null, null) : masking;
        }

        /** Retrieval with the given source and the defaults for everything else. */
        public Retrieval(String mode, Source source, List<String> databases, int parallelJobs) {
            this(mode, source, databases, parallelJobs, null, null, null, null, null, null);
        }
    }

    /**
     * Logical retrieval options: tables as {@code database.schema.table} ({@code *} allowed in each
     * part) to include (all when empty) or exclude, and extra pg_restore options.
     */
    public record Logical(List<String> includeTables, List<String> excludeTables, List<String> restoreOptions) {
        public Logical {
            includeTables = includeTables == null ? List.of() : List.copyOf(includeTables);
            excludeTables = excludeTables == null ? List.of() : List.copyOf(excludeTables);
            restoreOptions = restoreOptions == null ? List.of() : List.copyOf(restoreOptions);
        }
    }

    /**
     * Physical retrieval: {@code restoreCommand} (a shell command that fills {@code $PGDATA}, for
     * WAL-G or pgBackRest) replaces pg_basebackup when set; {@code restoreEnv} is added to that
     * command's environment only (the reference's {@code envs}: the tool's own settings).
     * {@code promotionSharedBuffers} is the shared_buffers of the temporary copy that replays and is
     * promoted for each snapshot.
     */
    public record Physical(String restoreCommand, String promotionSharedBuffers, Boolean checkpointSource, String maxRate,
                           Map<String, String> restoreEnv) {
        public Physical {
            restoreCommand = restoreCommand == null ? "" : restoreCommand.strip();
            promotionSharedBuffers = promotionSharedBuffers == null || promotionSharedBuffers.isBlank()
                    ? "1GB" : promotionSharedBuffers.strip();
            checkpointSource = checkpointSource != null && checkpointSource;
            maxRate = maxRate == null ? "" : maxRate.strip();
            restoreEnv = restoreEnv == null ? Map.of() : Map.copyOf(restoreEnv);
        }

        /** Physical retrieval whose restore command, if any, needs no environment of its own. */
        public Physical(String restoreCommand, String promotionSharedBuffers, Boolean checkpointSource, String maxRate) {
            this(restoreCommand, promotionSharedBuffers, checkpointSource, maxRate, null);
        }

        // The tool's environment may hold its credentials (the reference's envs), so it is never printed.
        @Override
        public String toString() {
            return "Physical[restoreCommand=" + restoreCommand + ", promotionSharedBuffers=" + promotionSharedBuffers
                    + ", checkpointSource=" + checkpointSource + ", maxRate=" + maxRate + ", restoreEnv="
                    + restoreEnv.keySet() + "]";
        }
    }

    /** Keep the newest {@code limit} snapshots without clones and not protected; 0 keeps all. */
    public record Retention(Integer limit) {
        public Retention {
            limit = limit == null ? 0 : limit;
        }
    }

    /** {@code timetable}: when to run a full refresh (cron); empty means only on request. */
    public record Refresh(String timetable) {
        public Refresh {
            timetable = timetable == null ? "" : timetable.strip();
        }
    }

    /**
     * Masking at snapshot time: the rules file (YAML) and the environment variable that holds the
     * key for deterministic hashes.
     */
    public record Masking(String rulesFile, String keyEnv) {
        public Masking {
            rulesFile = rulesFile == null ? "" : rulesFile.strip();
            keyEnv = keyEnv == null ? "" : keyEnv.strip();
        }
    }

    /**
     * A libpq connection string. The password comes from the environment variable {@code passwordEnv}
     * or, as the reference allows (its {@code connection.password}), from {@code password} written in
     * the file or set through {@code POST /admin/config}; never from the connection string itself.
     */
    public record Source(String connStr, String passwordEnv, String password) {
        public Source {
            password = password == null ? "" : password;
        }

        /** A source whose password, if any, is in the environment. */
        public Source(String connStr, String passwordEnv) {
            this(connStr, passwordEnv, null);
        }

        /** The password retrieval uses: the written one, else the variable {@code passwordEnv} of {@code env}; null for none. */
        public String resolvedPassword(Map<String, String> env) {
            if (!password.isEmpty()) {
                return password;
            }
            return passwordEnv == null || passwordEnv.isBlank() ? null : env.get(passwordEnv);
        }

        @Override
        public String toString() {
            return "Source[connStr=" + connStr + ", passwordEnv=" + passwordEnv + ", password="
                    + (password.isEmpty() ? "" : "(set)") + "]";
        }
    }

    /**
     * What the Platform may do with this engine (DESIGN.md point 1). {@code controlToken}: a request
     * that presents it in {@code Verification-Token} is the Platform's and may ask only for the
     * operations in {@code io.dblab.client.control.ControlOperations}; empty means no such token.
     * {@code tunnel}: where the engine dials out to the Platform. The reference's own Platform keys
     * ({@code url}, {@code accessToken}, {@code projectName}, {@code orgKey}, ...) are ignored with a
     * warning (see {@code io.dblab.engine.config.reference}).
     */
    public record Platform(String controlToken, Tunnel tunnel) {
        public Platform {
            controlToken = controlToken == null ? "" : controlToken;
            tunnel = tunnel == null ? new Tunnel(null, null, null) : tunnel;
        }

        @Override
        public String toString() {
            return "Platform[controlToken=" + (controlToken.isEmpty() ? "" : "(set)") + ", tunnel=" + tunnel + "]";
        }
    }

    /**
     * The WebSocket tunnel to the Platform: {@code url} ({@code wss://}, or {@code ws://} to a
     * loopback host), the registration {@code key}, and {@code caFile}, a PEM file of the CA that
     * signed the Platform's certificate when the system's trust store does not hold it. An empty
     * {@code url} means no tunnel.
     */
    public record Tunnel(String url, String key, String caFile) {
        public Tunnel {
            url = url == null ? "" : url.strip();
            key = key == null ? "" : key;
            caFile = caFile == null ? "" : caFile.strip();
        }

        public boolean enabled() {
            return !url.isEmpty();
        }

        @Override
        public String toString() {
            return "Tunnel[url=" + url + ", key=" + (key.isEmpty() ? "" : "(set)") + ", caFile=" + caFile + "]";
        }
    }

    /**
     * {@code idleCheckSeconds}: how often unprotected clones are checked against {@code maxIdleMinutes}
     * (and timed protections for their end). {@code protectionLeaseDurationMinutes}: how long a
     * protection asked for without {@code protectionDurationMinutes} lasts; {@code
     * protectionMaxDurationMinutes}: the longest any protection lasts. 0 (the default of both, as in
     * the reference's code when the keys are missing) means: until unprotected, and no cap.
     * {@code protectionExpiryWarningMinutes}: how long before a timed protection ends the
     * {@code clone_protection_expiring} event is sent; 0 (the default) sends none.
     */
    public record Cloning(Integer maxIdleMinutes, int idleCheckSeconds, Integer protectionLeaseDurationMinutes,
                          Integer protectionMaxDurationMinutes, Integer protectionExpiryWarningMinutes) {
        public Cloning {
            maxIdleMinutes = maxIdleMinutes == null ? 120 : maxIdleMinutes;
            idleCheckSeconds = idleCheckSeconds == 0 ? 60 : idleCheckSeconds;
            protectionLeaseDurationMinutes = protectionLeaseDurationMinutes == null ? 0 : protectionLeaseDurationMinutes;
            protectionMaxDurationMinutes = protectionMaxDurationMinutes == null ? 0 : protectionMaxDurationMinutes;
            protectionExpiryWarningMinutes = protectionExpiryWarningMinutes == null ? 0 : protectionExpiryWarningMinutes;
        }

        /** Cloning with protections that last until they are lifted. */
        public Cloning(Integer maxIdleMinutes, int idleCheckSeconds) {
            this(maxIdleMinutes, idleCheckSeconds, 0, 0, 0);
        }
    }

    /**
     * The reference's {@code webhooks} section: each hook is POSTed the events named in its
     * {@code trigger}, with its {@code secret} in the {@code DBLab-Webhook-Token} header. Our own
     * keys, beside {@code hooks}: {@code attempts} per event (4), the first retry's delay {@code
     * backoffMillis} (1000, doubled for each further one) and {@code timeoutMillis} for connecting
     * and for the answer (5000).
     */
    public record Webhooks(List<Hook> hooks, Integer attempts, Integer backoffMillis, Integer timeoutMillis) {
        public Webhooks {
            hooks = hooks == null ? List.of() : List.copyOf(hooks);
            attempts = attempts == null ? 4 : attempts;
            backoffMillis = backoffMillis == null ? 1000 : backoffMillis;
            timeoutMillis = timeoutMillis == null ? 5000 : timeoutMillis;
        }
    }

    public record Hook(String url, String secret, List<String> trigger) {
        public Hook {
            url = url == null ? "" : url.strip();
            secret = secret == null ? "" : secret;
            trigger = trigger == null ? List.of() : List.copyOf(trigger);
        }

        @Override
        public String toString() {
            return "Hook[url=" + url + ", secret=" + (secret.isEmpty() ? "" : "(set)") + ", trigger=" + trigger + "]";
        }
    }

    /**
     * The reference's {@code global} section, of which the engine has {@code debug}: the engine's own
     * log lines at DEBUG level (its libraries' stay at their levels). {@code POST /admin/config}
     * changes it at run time.
     */
    public record Global(boolean debug) {}
}
