package io.dblab.engine.config.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dblab.engine.config.EngineConfig;
import io.dblab.engine.config.EngineConfigLoader;
import io.dblab.serverkit.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** server.yml files in the reference engine's layout, rewritten into ours (no server needed). */
class ReferenceConfigTest {
    private static final Map<String, String> SOURCE_ENV = Map.of("DBLAB_VERIFICATION_TOKEN", "tok",
            "SOURCE_HOST", "src.example.com", "SOURCE_PORT", "5433", "SOURCE_USER", "dblab", "SOURCE_PASSWORD", "secret");
    private static final String DOCKER = "Docker only: this engine runs PostgreSQL without containers";
    private static final String LAYOUT = "ignored: poolManager.dataSubDir, poolManager.clonesMountSubDir,"
            + " poolManager.socketSubDir, poolManager.observerSubDir, poolManager.preSnapshotSuffix: the reference's"
            + " directory layout; a pool here keeps its data, snapshots and clones in a layout of its own under"
            + " poolManager.mountDir";
    private static final String PLATFORM_KEYS = "Postgres.ai Platform's; this engine's Platform is configured with"
            + " platform.controlToken and platform.tunnel";

    static String resource(String name) {
        try (InputStream in = ReferenceConfigTest.class.getResourceAsStream("/reference-configs/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static EngineConfigLoader.Loaded read(String yaml, Map<String, String> env) {
        return EngineConfigLoader.read(yaml, env);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> rejects(String yaml) {
        return assertThatThrownBy(() -> read(yaml, SOURCE_ENV)).isInstanceOf(ConfigException.class);
    }

    /** A small logical file in the reference's layout, with {@code extra} added to the dump job's options. */
    private static String logicalDump(String extra) {
        return "retrieval:\n  jobs: [logicalDump, logicalRestore, logicalSnapshot]\n  spec:\n    logicalDump:\n"
                + "      options:\n        source: {connection: {host: src, dbname: postgres}}\n" + extra;
    }

    @Nested
    class TheLogicalExample {
        private final EngineConfigLoader.Loaded loaded = read(resource("logical.yml"), SOURCE_ENV);
        private final EngineConfig config = loaded.config();

        @Test
        void meansWhatItMeansForTheReference() {
            assertThat(config.server().host()).isEqualTo("127.0.0.1");
            assertThat(config.server().verificationToken()).isEqualTo("tok");
            assertThat(config.poolManager().pools()).singleElement().satisfies(pool -> {
                assertThat(pool.name()).isEqualTo("dblab_pool");
                assertThat(pool.provider()).isEqualTo("btrfs");
            });
            assertThat(config.provision().portPool()).isEqualTo(new EngineConfig.PortPool(6000, 6099));
            assertThat(config.provision().accessHost()).isEqualTo("127.0.0.1");
            assertThat(config.provision().cloneSharedBuffers()).isEqualTo("32MB");
            assertThat(config.provision().cloneSettings()).containsOnly(
                    Map.entry("shared_preload_libraries", "pg_stat_statements, auto_explain"),
                    Map.entry("maintenance_work_mem", "64MB"), Map.entry("work_mem", "16MB"));
            EngineConfig.Retrieval retrieval = config.retrieval();
            assertThat(retrieval.mode()).isEqualTo("logical");
            assertThat(retrieval.source().connStr()).isEqualTo("host='src.example.com' port='5433' user='dblab' dbname='postgres'");
            assertThat(retrieval.source().password()).isEqualTo("secret");
            assertThat(retrieval.source().passwordEnv()).isNull();
            assertThat(retrieval.databases()).containsExactly("app", "reports");
            assertThat(retrieval.parallelJobs()).isEqualTo(3);
            assertThat(retrieval.logical().includeTables()).containsExactly("app.public.accounts", "app.public.invoices");
            assertThat(retrieval.logical().excludeTables()).containsExactly("app.public.audit_log");
            assertThat(retrieval.logical().restoreOptions()).containsExactly("--no-publications", "--no-subscriptions",
                    "--no-tablespaces", "--no-privileges", "--no-owner", "--exit-on-error");
            assertThat(retrieval.refresh().timetable()).isEqualTo("0 0 * * 1");
            assertThat(config.cloning()).isEqualTo(new EngineConfig.Cloning(120, 60, 1440, 10080, 1440));
            assertThat(config.webhooks().hooks()).singleElement().satisfies(hook ->
                    assertThat(hook.trigger()).containsExactly("clone_create", "clone_reset"));
            assertThat(config.platform()).isEqualTo(new EngineConfig.Platform(null, null));
            assertThat(loaded.config().global().debug()).isTrue();
        }

        @Test
        void saysOnceForEachIgnoredKeyWhatIsIgnoredAndWhy() {
            assertThat(loaded.warnings()).containsExactlyInAnyOrder(
                    "ignored: embeddedUI: the reference's UI container; this engine serves its own pages on the API port",
                    "ignored: diagnostic: the reference's archive of container logs; this engine writes engine.log in stateDir",
                    "ignored: observer: the reference's CI observer (clone observation sessions) is not implemented here",
                    "ignored: server.host: \"\" means all interfaces in the reference; here it keeps the default 127.0.0.1:"
                            + " to listen elsewhere, write the address and configure server.tls and server.verificationToken",
                    LAYOUT,
                    "ignored: provision.dockerImage, provision.containerConfig,"
                            + " retrieval.spec.logicalDump.options.dockerImage, retrieval.spec.logicalDump.options.containerConfig,"
                            + " retrieval.spec.logicalRestore.options.dockerImage, retrieval.spec.logicalRestore.options.containerConfig,"
                            + " retrieval.spec.logicalSnapshot.options.dataPatching.dockerImage,"
                            + " retrieval.spec.logicalSnapshot.options.dataPatching.containerConfig: " + DOCKER,
                    "ignored: provision.useSudo: the engine runs its commands itself, as root or as the OS user of PostgreSQL",
                    "ignored: cloning.accessHost: clones' connStr shows the address they listen on, provision.accessHost (127.0.0.1)",
                    "ignored: platform.url, platform.accessToken, platform.projectName, platform.orgKey,"
                            + " platform.enablePersonalTokens, platform.enableTelemetry: " + PLATFORM_KEYS,
                    "ignored: retrieval.spec.logicalDump.options.dumpLocation, retrieval.spec.logicalRestore.options.dumpLocation:"
                            + " the reference's dump files; this engine restores as it reads the source",
                    "ignored: retrieval.spec.logicalRestore.options.skipPolicies: row-level security policies are restored"
                            + " as on the source; clone users are superusers or own the tables, which policies do not"
                            + " restrict unless a table forces row-level security",
                    "ignored: retrieval.spec.logicalRestore.options.configs: settings of the reference's restore container;"
                            + " this engine restores with settings of its own",
                    "ignored: retrieval.spec.logicalSnapshot.options.configs.shared_preload_libraries (pg_stat_kcache, logerrors):"
                            + " not installed in /usr/lib/postgresql/15/lib, so clones preload the others only");
        }

        @Test
        void takesThePasswordFromPgpasswordWhenTheEnvironmentHasIt() {
            Map<String, String> env = new HashMap<>(SOURCE_ENV);
            env.put("PGPASSWORD", "from-env");
            EngineConfig.Source source = read(resource("logical.yml"), env).config().retrieval().source();
            assertThat(source.passwordEnv()).isEqualTo("PGPASSWORD");
            assertThat(source.password()).isEmpty();
        }
    }

    @Nested
    class ThePhysicalExample {
        private final EngineConfigLoader.Loaded loaded = read(resource("physical-walg.yml"), Map.of());
        private final EngineConfig config = loaded.config();

        @Test
        void restoresWithWalgAndSnapshotsOnTheSchedule() {
            EngineConfig.Retrieval retrieval = config.retrieval();
            assertThat(retrieval.mode()).isEqualTo("physical");
            assertThat(retrieval.physical().restoreCommand()).isEqualTo("wal-g backup-fetch \"$PGDATA\" 'LATEST'");
            assertThat(retrieval.physical().restoreEnv()).containsOnly(
                    Map.entry("WALG_GS_PREFIX", "gs://{BUCKET}/{SCOPE}"),
                    Map.entry("GOOGLE_APPLICATION_CREDENTIALS", "/tmp/sa.json"));
            assertThat(retrieval.physical().promotionSharedBuffers()).isEqualTo("2GB");
            assertThat(retrieval.snapshotSchedule()).isEqualTo("0 */6 * * *");
            assertThat(retrieval.retention().limit()).isEqualTo(4);
            assertThat(config.provision().portPool()).isEqualTo(new EngineConfig.PortPool(6000, 6100));
            assertThat(config.provision().keepUserPasswords()).isTrue();
            assertThat(config.provision().cloneSharedBuffers()).isEqualTo("1GB");
            assertThat(config.provision().cloneSettings()).containsOnly(
                    Map.entry("shared_preload_libraries", "pg_stat_statements, auto_explain"), Map.entry("work_mem", "100MB"));
            assertThat(config.poolManager().pools()).singleElement().satisfies(pool -> assertThat(pool.name()).isEqualTo("dblab_pool"));
            assertThat(loaded.config().global().debug()).isFalse();
            // the tool's environment is its configuration, which may hold credentials: never printed
            assertThat(retrieval.physical().toString()).doesNotContain("gs://");
        }

        @Test
        void saysOnceForEachIgnoredKeyWhatIsIgnoredAndWhy() {
            String options = "retrieval.spec.physicalRestore.options";
            String snapshot = "retrieval.spec.physicalSnapshot.options";
            assertThat(loaded.warnings()).containsExactlyInAnyOrder(
                    "ignored: embeddedUI: the reference's UI container; this engine serves its own pages on the API port",
                    "ignored: diagnostic: the reference's archive of container logs; this engine writes engine.log in stateDir",
                    "ignored: global.database.username: the engine connects to the servers it runs as the superuser"
                            + " postgres, to the database postgres",
                    "ignored: global.telemetry: this engine sends no telemetry",
                    LAYOUT,
                    // merged keys come after the mapping's own
                    "ignored: provision.dockerImage, provision.containerConfig, " + options + ".sync.healthCheck, "
                            + options + ".dockerImage, " + options + ".containerConfig, " + snapshot + ".promotion.healthCheck, "
                            + snapshot + ".promotion.dockerImage, " + snapshot + ".promotion.containerConfig: " + DOCKER,
                    "ignored: provision.useSudo: the engine runs its commands itself, as root or as the OS user of PostgreSQL",
                    "ignored: platform.url, platform.enableTelemetry: " + PLATFORM_KEYS,
                    "ignored: " + options + ".sync.configs: the pool's copy runs as a standby with the engine's own settings,"
                            + " and follows the source by streaming from retrieval.source.connStr",
                    "ignored: " + snapshot + ".scheduler.retention.timetable: retention runs after each snapshot here",
                    "ignored: " + snapshot + ".envs: the environment of the reference's promotion container; the promoted"
                            + " copy runs with the engine's own",
                    "ignored: " + options + ".sync.enabled: the standby follows the source only by streaming from"
                            + " retrieval.source.connStr; without it snapshots hold the restored backup until the next full refresh");
        }
    }

    /** The file ReferenceConfigRunTest runs: the reference's physical_generic example, its source in envs. */
    @Nested
    class TheCustomToolExample {
        @Test
        void restoresWithItsCommandFromTheSourceItsEnvsName() {
            EngineConfig.Retrieval retrieval = read(resource("physical-custom-tool.yml"), SOURCE_ENV).config().retrieval();
            assertThat(retrieval.mode()).isEqualTo("physical");
            assertThat(retrieval.physical().restoreCommand()).isEqualTo("pg_basebackup -X stream -D \"$PGDATA\"");
            assertThat(retrieval.physical().restoreEnv()).containsOnly(Map.entry("PGUSER", "dblab"),
                    Map.entry("PGPASSWORD", "secret"), Map.entry("PGHOST", "src.example.com"), Map.entry("PGPORT", "5433"));
            assertThat(retrieval.source().connStr()).isEqualTo("host='src.example.com' port='5433' user='dblab'");
            assertThat(retrieval.source().password()).isEqualTo("secret");
            assertThat(retrieval.physical().promotionSharedBuffers()).isEqualTo("64MB");
            assertThat(retrieval.snapshotSchedule()).isEqualTo("0 */6 * * *");
            assertThat(retrieval.retention().limit()).isEqualTo(4);
        }
    }

    @Nested
    class PhysicalTools {
        private EngineConfig physical(String restoreOptions) {
            return read("retrieval:\n  jobs: [physicalRestore, physicalSnapshot]\n  spec:\n    physicalRestore:\n"
                    + "      options:\n" + restoreOptions, Map.of("PGPASS", "pw")).config();
        }

        @Test
        void pgbackrestRestoresTheStanzaAsAStandby() {
            EngineConfig config = physical("        tool: pgbackrest\n        envs: {PGBACKREST_REPO1_HOST: repo}\n"
                    + "        pgbackrest: {stanza: main, delta: true}\n");
            assertThat(config.retrieval().physical().restoreCommand())
                    .isEqualTo("pgbackrest --type=standby --pg1-path=\"$PGDATA\" --stanza='main' restore --delta");
            assertThat(config.retrieval().physical().restoreEnv()).containsOnly(Map.entry("PGBACKREST_REPO1_HOST", "repo"));
        }

        @Test
        void aCustomToolRunsItsCommandAndItsLibpqVariablesAreTheSourceOfTheStandby() {
            EngineConfig config = physical("        tool: customTool\n        sync: {enabled: true}\n"
                    + "        envs: {PGUSER: postgres, PGPASSWORD: '${PGPASS}', PGHOST: source.example.com, PGPORT: 5432}\n"
                    + "        customTool: {command: 'pg_basebackup -X stream -D \"$PGDATA\"', restore_command: ''}\n");
            assertThat(config.retrieval().physical().restoreCommand()).isEqualTo("pg_basebackup -X stream -D \"$PGDATA\"");
            assertThat(config.retrieval().source().connStr()).isEqualTo("host='source.example.com' port='5432' user='postgres'");
            assertThat(config.retrieval().source().password()).isEqualTo("pw");
            assertThat(config.retrieval().physical().restoreEnv()).containsEntry("PGPASSWORD", "pw");
        }

        /**
         * The command and the standby reach the source alike: a libpq variable that has a
         * connection parameter (sslmode, sslrootcert, …) is one of the source's too, so that a
         * verified connection does not become an unverified one for the standby.
         */
        @Test
        void theLibpqVariablesOfACustomToolConnectTheStandbyAsTheyConnectTheCommand() {
            EngineConfig config = physical("        tool: customTool\n        sync: {enabled: true}\n"
                    + "        envs: {PGHOST: source.example.com, PGSSLMODE: verify-full, PGSSLROOTCERT: /etc/ssl/source-ca.pem,"
                    + " PGCONNECT_TIMEOUT: 10, PGPASSFILE: /home/dblab/.pgpass, WALG_UNRELATED: x}\n"
                    + "        customTool: {command: 'pg_basebackup -X stream -D \"$PGDATA\"'}\n");
            assertThat(config.retrieval().source().connStr()).isEqualTo("host='source.example.com' sslmode='verify-full'"
                    + " sslrootcert='/etc/ssl/source-ca.pem' connect_timeout='10'");
            assertThat(config.retrieval().physical().restoreEnv()).containsOnlyKeys("PGHOST", "PGSSLMODE", "PGSSLROOTCERT",
                    "PGCONNECT_TIMEOUT", "PGPASSFILE", "WALG_UNRELATED");
        }

        @Test
        void aToolNeedsItsSettings() {
            rejects("retrieval:\n  jobs: [physicalRestore]\n  spec: {physicalRestore: {options: {tool: pgbackrest}}}\n")
                    .hasMessage("'retrieval.spec.physicalRestore.options' in server.yml is not supported: tool pgbackrest"
                            + " needs pgbackrest.stanza");
            rejects("retrieval:\n  jobs: [physicalRestore]\n  spec: {physicalRestore: {options: {tool: barman}}}\n")
                    .hasMessageStartingWith("'retrieval.spec.physicalRestore.options.tool' in server.yml is not supported");
        }
    }

    @Nested
    class Strictness {
        @Test
        void aKeyThatNeitherEngineKnowsIsAnErrorWithItsPath() {
            rejects(logicalDump("        source2: {}\n"))
                    .hasMessage("unknown key 'retrieval.spec.logicalDump.options.source2' in server.yml");
            rejects("global: {engine: postgres, verbose: true}\n").hasMessage("unknown key 'global.verbose' in server.yml");
            rejects("retrieval: {mode: none, jobz: []}\n").hasMessage("unknown key 'retrieval.jobz' in server.yml");
            rejects("base: &b {dockerImage: x}\nprovision: {<<: *b, imageName: y}\n")
                    .hasMessage("unknown key 'base' in server.yml");
            rejects("provision: {<<: {imageName: y}}\nretrieval: {mode: none}\n")
                    .hasMessage("unknown key 'provision.imageName' in server.yml");
        }

        @Test
        void aKeyWhoseEffectWouldBeMissedIsRefusedButItsEmptyValueIsAccepted() {
            rejects(logicalDump("    logicalSnapshot:\n      options: {preprocessingScript: /tmp/mask.sh}\n"))
                    .hasMessageStartingWith("'retrieval.spec.logicalSnapshot.options.preprocessingScript' in server.yml is not"
                            + " supported: scripts are not run on the data before the snapshot here");
            rejects(logicalDump("    logicalSnapshot:\n      options: {dataPatching: {queryPreprocessing: {inline: 'UPDATE t SET a = 1'}}}\n"))
                    .hasMessageStartingWith("'retrieval.spec.logicalSnapshot.options.dataPatching.queryPreprocessing.inline'"
                            + " in server.yml is not supported");
            rejects(logicalDump("").replace("{connection:", "{type: rdsIam, connection:"))
                    .hasMessageStartingWith("'retrieval.spec.logicalDump.options.source.type' in server.yml is not supported:"
                            + " IAM authentication to RDS");
            rejects(logicalDump("        customOptions: [--data-only]\n"))
                    .hasMessageStartingWith("'retrieval.spec.logicalDump.options.customOptions[0]' in server.yml is not"
                            + " supported: pg_dump option '--data-only' cannot be passed on here");
            rejects("retrieval: {jobs: [logicalRestore, logicalSnapshot]}\n")
                    .hasMessageStartingWith("'retrieval.jobs' in server.yml is not supported: logicalRestore without logicalDump");
            rejects("global: {engine: mysql}\nretrieval: {mode: none}\n")
                    .hasMessage("'global.engine' in server.yml is not supported: the only engine is postgres");
            EngineConfigLoader.Loaded empty = read(logicalDump("        customOptions:\n    logicalSnapshot:\n      options:\n"
                    + "        preprocessingScript: ''\n        dataPatching: {queryPreprocessing: {queryPath: '', inline: ''}}\n"),
                    Map.of());
            assertThat(empty.warnings()).isEmpty();
            assertThat(empty.config().retrieval().source().connStr()).isEqualTo("host='src' user='postgres' dbname='postgres'");
        }

        @Test
        void aKeySetBothWaysMustAgreeAndAnErrorNamesBoth() {
            rejects(logicalDump("") + "  mode: physical\n")
                    .hasMessage("'retrieval.jobs' and 'retrieval.mode' in server.yml set retrieval.mode to different values:"
                            + " keep one of them");
            EngineConfig agreeing = read(logicalDump("") + "  mode: logical\n", Map.of()).config();
            assertThat(agreeing.retrieval().mode()).isEqualTo("logical");
            rejects(logicalDump("        parallelJobs: 4\n") + "  parallelJobs: 2\n")
                    .hasMessage("'retrieval.spec.parallelJobs' and 'retrieval.parallelJobs' in server.yml set"
                            + " retrieval.parallelJobs to different values: keep one of them");
        }

        @Test
        void aLogicalFileWithoutTheSourcesConnectionIsALogicalEngineThatWaitsForIt() {
            String withSource = logicalDump("");
            for (String source : List.of("{}", "{connection: {}}", "{type: remote}")) {
                EngineConfig config = read(withSource.replace("{connection: {host: src, dbname: postgres}}", source),
                        Map.of()).config();
                assertThat(config.retrieval().mode()).as(source).isEqualTo("logical");
                assertThat(config.retrieval().source().connStr()).as(source).isNull();
            }
        }

        @Test
        void ourOwnFileIsUnchanged() {
            EngineConfigLoader.Loaded ours = read("retrieval: {source: {connStr: 'host=src'}, parallelJobs: 4}\n", Map.of());
            assertThat(ours.warnings()).isEmpty();
            assertThat(ours.config().retrieval().parallelJobs()).isEqualTo(4);
            assertThat(ours.config().global().debug()).isFalse();
        }

        @Test
        void thePlatformsOwnKeysAreWarningsAndOursStillWork() {
            EngineConfigLoader.Loaded mixed = read("retrieval: {mode: none}\nplatform: {url: 'https://postgres.ai/api/general',"
                    + " bindClonesToUser: true, controlToken: ctl}\n", Map.of());
            assertThat(mixed.config().platform().controlToken()).isEqualTo("ctl");
            assertThat(mixed.warnings()).containsExactly("ignored: platform.url, platform.bindClonesToUser: " + PLATFORM_KEYS);
        }
    }

    @Test
    void theShortExampleOfTheDocsMeansWhatItsCommentsSay() throws IOException {
        String docs = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "configuration.md"));
        String section = docs.substring(docs.indexOf("## Reference server.yml"));
        String example = section.substring(section.indexOf("```yaml\n") + 8, section.indexOf("```\n", section.indexOf("```yaml")));
        EngineConfig config = read(example, Map.of("SOURCE_PASSWORD", "pw")).config();
        assertThat(config.retrieval().mode()).isEqualTo("logical");
        assertThat(config.retrieval().source().connStr()).isEqualTo("host='db.example.com' port='5432' user='dblab' dbname='postgres'");
        assertThat(config.retrieval().databases()).containsExactly("app");
        assertThat(config.retrieval().logical().includeTables()).containsExactly("app.public.accounts");
        assertThat(config.retrieval().parallelJobs()).isEqualTo(4);
        assertThat(config.retrieval().logical().restoreOptions()).containsExactly("--no-owner");
        assertThat(config.provision().cloneSharedBuffers()).isEqualTo("1GB");
        assertThat(config.provision().cloneSettings()).containsOnly(Map.entry("work_mem", "100MB"));
    }

    @Test
    void aWarningNeverQuotesAValue() {
        List<String> warnings = read(resource("logical.yml"), SOURCE_ENV).warnings();
        assertThat(String.join("\n", warnings)).doesNotContain("secret", "src.example.com", "postgresai/");
    }
}
