package io.dblab.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dblab.client.Json;

import io.dblab.client.DblabApiException;
import io.dblab.client.DblabClient;
import io.dblab.client.model.Clone;
import io.dblab.client.model.CloneRequest;
import io.dblab.client.transport.EngineReply;
import io.dblab.engine.config.EngineConfig;
import io.dblab.testkit.PostgresProcesses;
import io.dblab.testkit.Requirements;
import io.dblab.testkit.TempDirs;
import io.dblab.testkit.TestPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real engine for a test: a source PostgreSQL with a small schema, a btrfs pool on a loop-mounted
 * image in a temporary directory, logical retrieval, and the API on a free port. {@link #close()}
 * destroys the clones, stops the engine, unmounts the pool, detaches the loop device and deletes
 * everything.
 */
public final class EngineFixture implements AutoCloseable {
    public static final String TOKEN = "fixture-token-0123456789";
    /** {@code platform.controlToken} of an engine set up {@link Setup#withControlToken()}. */
    public static final String CONTROL_TOKEN = "fixture-platform-token-9876543210";
    private static final String BACKGROUND_TASK_RUNS = "dblab_background_task_runs_total";

    private final Path baseDir;
    private final TestPostgres source;
    private final TestPostgres standby;
    private final EngineConfig config;
    private final TestClock clock = new TestClock();
    private Engine engine;
    private DblabClient client;

    private EngineFixture(Path baseDir, TestPostgres source, TestPostgres standby, EngineConfig config) {
        this.baseDir = baseDir;
        this.source = source;
        this.standby = standby;
        this.config = config;
    }

    /**
     * What a test needs of its engine; {@link #logical} gives the usual one. {@code provider} is
     * {@code btrfs} or {@code reflink}; {@code restoreCommand} (physical mode) may use {@code {source}},
     * replaced by the source's connection string. {@code snapshotSchedule} and {@code refreshTimetable}
     * are cron expressions or null.
     */
    public static final class Setup implements Cloneable {
        private final int portFrom;
        private final int portTo;
        private String poolSize = "1GiB";
        private int maxIdleMinutes;
        private int pools = 1;
        private String mode = "logical";
        private int retentionLimit;
        private EngineConfig.Logical logical;
        private String restoreCommand;
        private Map<String, String> restoreEnv = Map.of();
        private String provider = "btrfs";
        private String snapshotSchedule;
        private String refreshTimetable;
        private boolean checkpointSource;
        private String basebackupMaxRate;
        private Boolean quotas;
        private Map<String, String> cloneSettings;
        private boolean fromStandby;
        private String sourcePasswordEnv;
        private String controlToken;
        private EngineConfig.Tunnel tunnel;
        private int protectionLeaseMinutes;
        private int protectionMaxMinutes;
        private int protectionWarningMinutes;
        private boolean disableConfigModification;
        private EngineConfig.Webhooks webhooks;
        private boolean withoutSource;

        private Setup(int portFrom, int portTo) {
            this.portFrom = portFrom;
            this.portTo = portTo;
        }

        public static Setup logical(int portFrom, int portTo) {
            return new Setup(portFrom, portTo);
        }

        /** Reflink pools in plain directories: snapshots are copies, not atomic ones. */
        public Setup onReflink() {
            return with(s -> s.provider = "reflink");
        }

        public Setup withRestoreCommand(String command) {
            return withRestoreCommand(command, Map.of());
        }

        /** A restore command run with {@code env} (retrieval.physical.restoreEnv) in its environment. */
        public Setup withRestoreCommand(String command, Map<String, String> env) {
            return with(s -> {
                s.mode = "physical";
                s.restoreCommand = command;
                s.restoreEnv = Map.copyOf(env);
            });
        }

        public Setup withLogical(EngineConfig.Logical options) {
            return with(s -> s.logical = options);
        }

        public Setup withPoolSize(String size) {
            return with(s -> s.poolSize = size);
        }

        public Setup withMaxIdleMinutes(int minutes) {
            return with(s -> s.maxIdleMinutes = minutes);
        }

        public Setup withPools(int count) {
            return with(s -> s.pools = count);
        }

        public Setup physical() {
            return with(s -> s.mode = "physical");
        }

        public Setup withSnapshotSchedule(String cron) {
            return with(s -> s.snapshotSchedule = cron);
        }

        public Setup withRetention(int limit) {
            return with(s -> s.retentionLimit = limit);
        }

        /** Physical retrieval with {@code retrieval.physical.checkpointSource}. */
        public Setup withSourceCheckpoints() {
            return with(s -> {
                s.mode = "physical";
                s.checkpointSource = true;
            });
        }

        /** {@code retrieval.physical.maxRate}: how fast pg_basebackup may read from the source. */
        public Setup withBasebackupMaxRate(String rate) {
            return with(s -> s.basebackupMaxRate = rate);
        }

        /** {@code provision.cloneSettings}: what every clone starts with. */
        public Setup withCloneSettings(Map<String, String> settings) {
            return with(s -> s.cloneSettings = settings);
        }

        /** btrfs pools measure sizes with quota groups, which the product's default leaves off. */
        public Setup withQuotas() {
            return with(s -> s.quotas = true);
        }

        /** {@code retrieval.refresh.timetable}: when the engine runs a full refresh on its own. */
        public Setup withRefreshTimetable(String cron) {
            return with(s -> s.refreshTimetable = cron);
        }

        /** {@code platform.controlToken}: {@link #CONTROL_TOKEN}. */
        public Setup withControlToken() {
            return with(s -> s.controlToken = CONTROL_TOKEN);
        }

        /** {@code platform.tunnel}: the engine dials out to {@code url} with {@code key}. */
        public Setup withTunnel(String url, String key) {
            return with(s -> s.tunnel = new EngineConfig.Tunnel(url, key, null));
        }

        /** {@code cloning.protectionLeaseDurationMinutes} and {@code cloning.protectionMaxDurationMinutes}. */
        public Setup withProtectionLease(int defaultMinutes, int maxMinutes) {
            return with(s -> {
                s.protectionLeaseMinutes = defaultMinutes;
                s.protectionMaxMinutes = maxMinutes;
            });
        }

        /** {@code cloning.protectionExpiryWarningMinutes}. */
        public Setup withProtectionExpiryWarning(int minutes) {
            return with(s -> s.protectionWarningMinutes = minutes);
        }

        /** The {@code webhooks} section. */
        public Setup withWebhooks(EngineConfig.Webhooks hooks) {
            return with(s -> s.webhooks = hooks);
        }

        /**
         * No {@code retrieval.source.connStr}: the engine starts and waits for one ({@code POST
         * /admin/config}); {@link #start} then returns without waiting for a snapshot. The source
         * runs all the same, for the test to give.
         */
        public Setup withoutSource() {
            return with(s -> s.withoutSource = true);
        }

        /** {@code server.disableConfigModification: true}. */
        public Setup withConfigModificationDisabled() {
            return with(s -> s.disableConfigModification = true);
        }

        /** A changed copy: a Setup a test holds never changes under it. */
        private Setup with(java.util.function.Consumer<Setup> change) {
            try {
                Setup copy = (Setup) clone();
                change.accept(copy);
                return copy;
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }

        public int portFrom() {
            return portFrom;
        }

        public int portTo() {
            return portTo;
        }

        public String poolSize() {
            return poolSize;
        }

        public int maxIdleMinutes() {
            return maxIdleMinutes;
        }

        public int pools() {
            return pools;
        }

        public String mode() {
            return mode;
        }

        public int retentionLimit() {
            return retentionLimit;
        }

        public EngineConfig.Logical logical() {
            return logical;
        }

        public String restoreCommand() {
            return restoreCommand;
        }

        public String provider() {
            return provider;
        }

        public String snapshotSchedule() {
            return snapshotSchedule;
        }

        public String refreshTimetable() {
            return refreshTimetable;
        }

        public boolean checkpointSource() {
            return checkpointSource;
        }

        public String basebackupMaxRate() {
            return basebackupMaxRate;
        }

        public Boolean quotas() {
            return quotas;
        }

        public Map<String, String> cloneSettings() {
            return cloneSettings;
        }

        /**
         * {@code retrieval.source.passwordEnv} names this variable of the test JVM. Logical
         * retrieval then connects over TCP, with its value as the password of the source's
         * {@code postgres} (no longer {@link TestPostgres#PASSWORD}); physical retrieval stays on
         * the trusted socket (the source's pg_hba.conf has no TCP replication line), its password
         * file written all the same.
         */
        public Setup withSourcePasswordEnv(String variable) {
            return with(s -> s.sourcePasswordEnv = variable);
        }

        /** Retrieval reads a hot standby of the source ({@link #standby()}), as users point it at a replica. */
        public Setup fromStandby() {
            return with(s -> s.fromStandby = true);
        }
    }

    /** Starts source and engine and waits for the first snapshot. */
    public static EngineFixture start(int portFrom, int portTo, String poolSize, int maxIdleMinutes) {
        return start(Setup.logical(portFrom, portTo).withPoolSize(poolSize).withMaxIdleMinutes(maxIdleMinutes));
    }

    public static EngineFixture start(Setup setup) {
        return start(setup, "", null);
    }

    /**
     * Like {@link #start(Setup)}, with {@code sourceSql} run on the source after the sample schema
     * and before the first retrieval, and masking settings (null for none).
     */
    public static EngineFixture start(Setup setup, String sourceSql, EngineConfig.Masking masking) {
        if ("btrfs".equals(setup.provider())) {
            Requirements.requireBtrfs();
        }
        Path base;
        try {
            // The postgres OS user must be able to reach the pool below it.
            base = Files.createTempDirectory("dblab-engine-test-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestPostgres source = TestPostgres.start();
        TestPostgres standby = null;
        EngineFixture fixture = null;
        try {
            source.psql().run("postgres", SAMPLE_SCHEMA);
            if (!sourceSql.isBlank()) {
                source.psql().run("postgres", sourceSql);
            }
            if (setup.fromStandby) {
                standby = source.startStandby(Map.of());
            }
            TestPostgres readFrom = standby == null ? source : standby;
            String sourceConnStr = socketConnStr(readFrom);
            if (setup.sourcePasswordEnv != null) {
                String password = System.getenv(setup.sourcePasswordEnv);
                if (password == null) {
                    throw new IllegalStateException("the test JVM has no " + setup.sourcePasswordEnv + " (engine/pom.xml sets it)");
                }
                if ("logical".equals(setup.mode())) {
                    source.psql().run("postgres", "ALTER ROLE postgres PASSWORD '" + password.replace("'", "''") + "'");
                    sourceConnStr = readFrom.connStr("postgres");
                }
            }
            List<EngineConfig.Pool> pools = new java.util.ArrayList<>();
            for (int i = 1; i <= setup.pools(); i++) {
                pools.add("reflink".equals(setup.provider())
                        ? new EngineConfig.Pool("pool" + i, "reflink", null, null, false, true)
                        : new EngineConfig.Pool("pool" + i, "btrfs", base.resolve("pool" + i + ".img").toString(),
                                setup.poolSize(), true, setup.quotas()));
            }
            EngineConfig.Retrieval retrieval = new EngineConfig.Retrieval(setup.mode(),
                    new EngineConfig.Source(setup.withoutSource ? null : sourceConnStr, setup.sourcePasswordEnv),
                    List.of(), 2, setup.logical(),
                    new EngineConfig.Physical(setup.restoreCommand() == null ? null
                            : setup.restoreCommand().replace("{source}", socketConnStr(source)), null,
                            setup.checkpointSource(), setup.basebackupMaxRate(), setup.restoreEnv),
                    setup.snapshotSchedule(),
                    new EngineConfig.Retention(setup.retentionLimit()),
                    new EngineConfig.Refresh(setup.refreshTimetable()), masking);
            EngineConfig config = new EngineConfig(
                    new EngineConfig.Server("127.0.0.1", io.dblab.testkit.FreePorts.next(), TOKEN, null, false,
                            setup.disableConfigModification),
                    new EngineConfig.PoolManager(base.resolve("mnt").toString(), pools),
                    new EngineConfig.Provision(new EngineConfig.PortPool(setup.portFrom(), setup.portTo()), "127.0.0.1",
                            null, false, null, 0, setup.cloneSettings()),
                    retrieval,
                    new EngineConfig.Cloning(setup.maxIdleMinutes(), 2, setup.protectionLeaseMinutes,
                            setup.protectionMaxMinutes, setup.protectionWarningMinutes),
                    base.resolve("state").toString(),
                    new EngineConfig.Platform(setup.controlToken, setup.tunnel),
                    setup.webhooks);
            fixture = new EngineFixture(base, source, standby, config);
            fixture.startEngine();
            if (!setup.withoutSource) {
                fixture.awaitSnapshot();
            }
            return fixture;
        } catch (RuntimeException | Error e) {
            if (fixture != null) {
                fixture.close();
            } else {
                if (standby != null) {
                    standby.close();
                }
                source.close();
                TempDirs.deleteRecursively(base);
            }
            throw e;
        }
    }

    public void startEngine() {
        engine = Engine.start(config, clock);
        client = new DblabClient(URI.create("http://127.0.0.1:" + engine.apiPort()), TOKEN);
    }

    /** Stops the engine but leaves clones running, as a restart of the engine would. */
    public void stopEngine() {
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }

    public DblabClient client() {
        return client;
    }

    /** The body of the engine's answer to {@code method path} ({@code body} null for none), asserting its status. */
    public String call(String method, String path, String body, int status) {
        EngineReply reply = client.raw(method, path, body);
        assertThat(reply.status()).as("%s %s: %s", method, path, reply.body()).isEqualTo(status);
        return reply.body();
    }

    /** A JSON answer, parsed; text that is not JSON fails the test with the text. */
    public static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new AssertionError(text, e);
        }
    }

    /** A client that presents {@code token} instead of the verification token. */
    public DblabClient client(String token) {
        return new DblabClient(URI.create("http://127.0.0.1:" + engine.apiPort()), token);
    }

    /** A control token the running engine makes, as it does for its own tunnel connector. */
    public String issueControlToken() {
        return engine.controlTokens().issue();
    }

    /** What the engine times clone activity by (creation, last activity, idleness). */
    public TestClock clock() {
        return clock;
    }

    /**
     * The value of a sample in {@code /metrics}: the line of metric {@code name} with all the
     * given labels ({@code key, value, key, value, …}); 0 when there is none.
     */
    public double metric(String name, String... labels) {
        String body = client.raw("GET", "/metrics", null).body();
        return body.lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> hasLabels(line, labels))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }

    private static boolean hasLabels(String sample, String... labels) {
        for (int i = 0; i < labels.length; i += 2) {
            if (!sample.contains(labels[i] + "=\"" + labels[i + 1] + "\"")) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns after {@code runs} more successful runs of the background task tagged {@code task}
     * in /metrics; a run under way now counts as one, so two runs mean that one started after this call.
     */
    public void awaitTaskRuns(String task, int runs) {
        double before = metric(BACKGROUND_TASK_RUNS, "task", task, "outcome", "success");
        Waits.promptly(runs + " runs of " + task).atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                .until(() -> metric(BACKGROUND_TASK_RUNS, "task", task, "outcome", "success") >= before + runs);
    }

    public int apiPort() {
        return engine.apiPort();
    }

    public Path stateDir() {
        return Path.of(config.stateDir());
    }

    public Path poolRoot() {
        return Path.of(config.poolManager().mountDir(), "pool1");
    }

    public Path baseDir() {
        return baseDir;
    }

    /** The clone directories in the pool, as the pool names them (dot names, like socket directories, are not clones). */
    public List<String> cloneDirs() {
        try (java.util.stream.Stream<Path> entries = Files.list(poolRoot().resolve("clones"))) {
            return entries.map(p -> p.getFileName().toString()).filter(name -> !name.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TestPostgres source() {
        return source;
    }

    /** With {@link Setup#fromStandby()}: the hot standby of {@link #source()} that retrieval reads. */
    public TestPostgres standby() {
        return standby;
    }

    public EngineConfig config() {
        return config;
    }

    public void awaitSnapshot() {
        Waits.promptly("a snapshot").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> !client.snapshots().isEmpty() && !engine.isRetrieving()
                        || "failed".equals(client.retrieval().status()));
        io.dblab.client.model.Retrieval retrieval = client.retrieval();
        if ("failed".equals(retrieval.status())) {
            throw new AssertionError("retrieval failed: " + retrieval.alerts());
        }
    }

    /** {@code /status.synchronization} of a physical engine as the API serves it (empty when it is none). */
    public Map<?, ?> synchronization() {
        return client.status().synchronization() instanceof Map<?, ?> m ? m : Map.of();
    }

    /** The code of {@code /status.synchronization.status}, such as {@code OK} or {@code NOT_STREAMING}. */
    public String syncCode() {
        return synchronization().get("status") instanceof Map<?, ?> st ? String.valueOf(st.get("code")) : "";
    }

    /** Waits until the physical standby's synchronization status has this code. */
    public void awaitSync(String code) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> code.equals(syncCode()));
    }

    public Clone createClone(String id, String user, String password, boolean restricted) {
        return createClone(id, user, password, restricted, null);
    }

    /** A clone of the given snapshot (null: the newest data), once it is {@code OK}. */
    public Clone createClone(String id, String user, String password, boolean restricted, String snapshotId) {
        client.createClone(new CloneRequest(id, null, new CloneRequest.DbRequest(user, password, restricted, null),
                snapshotId == null ? null : new CloneRequest.SnapshotRef(snapshotId), null, null));
        return awaitStatus(id, "OK");
    }

    public Clone awaitStatus(String id, String status) {
        Waits.promptly("clone " + id + " " + status).atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> status.equals(client.clone(id).status().code()));
        return client.clone(id);
    }

    public void awaitGone(String id) {
        awaitGone(client, id);
    }

    /** Waits until the engine answers 404 for the clone (also for engines in another process). */
    public static void awaitGone(DblabClient client, String id) {
        Waits.promptly("clone " + id + " gone").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
            try {
                client.clone(id);
                return false;
            } catch (DblabApiException e) {
                return e.httpStatus() == 404;
            }
        });
    }

    /** Unprotects and destroys every clone, and waits until they are gone. */
    public static void destroyAllClones(DblabClient client) {
        for (Clone clone : client.clones()) {
            if (clone.isProtected()) {
                client.updateClone(clone.id(), false);
            }
            try {
                client.destroyClone(clone.id());
            } catch (DblabApiException e) {
                // busy or already going; the caller stops leftover servers
            }
        }
        for (Clone clone : client.clones()) {
            awaitGone(client, clone.id());
        }
    }

    public static Connection connect(Clone clone, String password) throws SQLException {
        return connect(clone, "postgres", password);
    }

    public static Connection connect(Clone clone, String database, String password) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + clone.db().port() + "/" + database,
                clone.db().username(), password);
    }

    /** The first column of the first row of {@code sql}, run in the clone's {@code postgres} database. */
    public static long queryLong(Clone clone, String password, String sql) throws SQLException {
        try (Connection c = connect(clone, password); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() {
        try {
            if (engine != null) {
                destroyAllClones(client);
            }
        } finally {
            stopEngine();
            PostgresProcesses.stopAllUnder(baseDir);
            for (EngineConfig.Pool pool : config.poolManager().pools()) {
                // the engine unmounts on close (unmountOnStop); a start that failed half-way may not have
                Path mount = Path.of(config.poolManager().mountDir(), pool.name());
                if (Files.exists(mount)) {
                    // -R: clones' ID-mapped mounts lie inside the pool
                    io.dblab.pg.process.Command.of("umount", "-R", mount.toString()).run();
                }
                io.dblab.pg.process.Command.of("sh", "-c", "losetup -j " + pool.imageFile()
                        + " | cut -d: -f1 | xargs -r -n1 losetup -d").run();
            }
            if (standby != null) {
                standby.close();
            }
            source.close();
            TempDirs.deleteRecursively(baseDir);
        }
    }

    /**
     * Preallocates files in the first pool's root, outside the engine's directories, until less than
     * {@code limit} bytes are free; returns the files, which the caller deletes to free the space again.
     */
    public List<Path> fillPoolLeavingLessThan(long limit) {
        Path root = poolRoot();
        List<Path> fillers = new java.util.ArrayList<>();
        long target = limit / 2;
        for (int attempt = 0; attempt < 20 && freeBytes(root) >= limit; attempt++) {
            long size = Math.max(1 << 20, freeBytes(root) - target);
            Path filler = root.resolve("filler-" + fillers.size());
            fillers.add(filler);
            if (!io.dblab.pg.process.Command.of("fallocate", "-l", Long.toString(size), filler.toString()).run().ok()) {
                // the free figure is an estimate; ask for less next time
                deleteQuietly(filler);
                target += 16 << 20;
            }
            io.dblab.pg.process.Command.of("btrfs", "filesystem", "sync", root.toString()).run();
        }
        if (freeBytes(root) >= limit) {
            throw new AssertionError("the pool still has " + freeBytes(root) + " bytes free after filling it");
        }
        return fillers;
    }

    /** Deletes the files {@link #fillPoolLeavingLessThan} made, and lets btrfs count their space free again. */
    public void removeFillers(List<Path> fillers) {
        fillers.forEach(EngineFixture::deleteQuietly);
        io.dblab.pg.process.Command.of("btrfs", "filesystem", "sync", poolRoot().toString()).run();
    }

    public static long freeBytes(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The source over its private socket (trusted): tests of the password path start the engine as a process. */
    static String socketConnStr(TestPostgres source) {
        return "host=" + source.server().socketDir() + " port=" + source.port() + " user=postgres";
    }

    /**
     * Several tables (so that {@code -j 2} runs workers), big enough for each phase of a refresh to
     * last seconds; about 700 MB with their indexes, for a pool of 3GiB.
     */
    public static final String BULK_TABLES = """
            CREATE TABLE bulk1 AS SELECT g AS id, md5(g::text) AS a, md5((g + 1)::text) AS b FROM generate_series(1, 1200000) g;
            CREATE TABLE bulk2 AS SELECT * FROM bulk1;
            CREATE TABLE bulk3 AS SELECT * FROM bulk1;
            CREATE TABLE bulk4 AS SELECT * FROM bulk1;
            ALTER TABLE bulk1 ADD PRIMARY KEY (id);
            ALTER TABLE bulk2 ADD PRIMARY KEY (id);
            CREATE INDEX ON bulk3 (a);
            CREATE INDEX ON bulk4 (b);
            """;

    /**
     * Four more copies of bulk1 (after {@link #BULK_TABLES}): the copy of the rows then lasts a few
     * of the engine's 2-s progress samples, so that its figures show a rate and the time left.
     */
    public static final String MORE_BULK_TABLES = """
            CREATE TABLE bulk5 AS SELECT * FROM bulk1;
            CREATE TABLE bulk6 AS SELECT * FROM bulk1;
            CREATE TABLE bulk7 AS SELECT * FROM bulk1;
            CREATE TABLE bulk8 AS SELECT * FROM bulk1;
            """;

    static final String SAMPLE_SCHEMA = """
            CREATE TABLE customers (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE, name text NOT NULL);
            CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers(id),
                                 total numeric(12,2) NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
            CREATE INDEX orders_customer_idx ON orders(customer_id);
            CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 900;
            CREATE FUNCTION order_count(c bigint) RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM orders WHERE customer_id = c';
            INSERT INTO customers (email, name) SELECT 'user' || g || '@example.com', 'User ' || g FROM generate_series(1, 2000) g;
            INSERT INTO orders (customer_id, total) SELECT 1 + g % 2000, (g % 1000)::numeric FROM generate_series(1, 20000) g;
            CREATE ROLE app_user LOGIN PASSWORD 'production-secret-pw';
            GRANT SELECT ON customers TO app_user;
            """;

}
