package io.dblab.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dblab.serverkit.config.ConfigException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EngineConfigLoaderTest {
    // Logical retrieval (the default mode) reads a source, so most tests start from one.
    private static final String SOURCE = "retrieval: {source: {connStr: 'host=src dbname=postgres'}}\n";

    private static EngineConfig parse(String yaml) {
        return EngineConfigLoader.parse(yaml, Map.of());
    }

    /** Asserts that parsing fails with a one-line ConfigException, and returns an assertion on it. */
    private static AbstractThrowableAssert<?, ? extends Throwable> rejects(String yaml, Map<String, String> env) {
        return assertThatThrownBy(() -> EngineConfigLoader.parse(yaml, env))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> rejects(String yaml) {
        return rejects(yaml, Map.of());
    }

    @Nested
    class Defaults {
        @Test
        void aFileWithOnlyTheSourceTakesEveryDefault() {
            EngineConfig c = parse(SOURCE);

            assertThat(c.server()).isEqualTo(new EngineConfig.Server("127.0.0.1", 2345, "", new EngineConfig.Tls(null, null), false));
            assertThat(c.poolManager().mountDir()).isEqualTo("/var/lib/dblab");
            assertThat(c.poolManager().pools()).containsExactly(new EngineConfig.Pool("dblab_pool", "btrfs", null, "20GiB", false, false));
            assertThat(c.provision()).isEqualTo(new EngineConfig.Provision(new EngineConfig.PortPool(6000, 6099),
                    "127.0.0.1", "/usr/lib/postgresql/15/bin", false, "16MB"));
            assertThat(c.retrieval()).isEqualTo(new EngineConfig.Retrieval("logical",
                    new EngineConfig.Source("host=src dbname=postgres", null), List.of(), 2));
            assertThat(c.cloning()).isEqualTo(new EngineConfig.Cloning(120, 60));
            assertThat(c.stateDir()).isEqualTo("/var/lib/dblab/.state");
        }

        @Test
        void theDefaultStateDirectoryLiesBesideThePoolsNotInTheUsersHome() {
            EngineConfig c = parse(SOURCE + "poolManager: {mountDir: /srv/lab-a}\n");

            assertThat(c.stateDir()).isEqualTo("/srv/lab-a/.state");
            assertThat(parse(SOURCE + "poolManager: {mountDir: /srv/lab-a}\nstateDir: /srv/state\n").stateDir())
                    .isEqualTo("/srv/state");
        }

        @Test
        void anEmptyFileIsALogicalEngineThatWaitsForItsSource() {
            for (String empty : List.of("", "# comments only\n")) {
                EngineConfig c = parse(empty);
                assertThat(c.retrieval().mode()).isEqualTo("logical");
                assertThat(c.retrieval().source().connStr()).isNull();
            }
        }

        @Test
        void emptySectionsAndEmptyStringsMeanTheDefault() {
            EngineConfig c = parse(SOURCE + "server:\ncloning:\nstateDir: ''\nprovision: {accessHost: ''}\n");

            assertThat(c.server().port()).isEqualTo(2345);
            assertThat(c.cloning()).isEqualTo(new EngineConfig.Cloning(120, 60));
            assertThat(c.stateDir()).isEqualTo("/var/lib/dblab/.state");
            assertThat(c.provision().accessHost()).isEqualTo("127.0.0.1");
        }

        @Test
        void loadReadsAFileAndNamesItInErrors(@TempDir Path dir) throws IOException {
            Path file = dir.resolve("engine.yml");
            Files.writeString(file, SOURCE + "server: {port: 2400}\n");
            assertThat(EngineConfigLoader.load(file).server().port()).isEqualTo(2400);

            Files.writeString(file, SOURCE + "server: {prot: 2400}\n");
            assertThatThrownBy(() -> EngineConfigLoader.load(file)).isInstanceOf(ConfigException.class)
                    .hasMessage("unknown key 'server.prot' in engine.yml");
        }

        @Test
        void aMissingFileIsAConfigException(@TempDir Path dir) {
            assertThatThrownBy(() -> EngineConfigLoader.load(dir.resolve("absent.yml")))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("cannot read").hasMessageContaining("absent.yml: no such file");
        }
    }

    @Nested
    class Environment {
        @Test
        void replacesVariablesInsideScalars() {
            EngineConfig c = EngineConfigLoader.parse("""
                    server: {verificationToken: '${TOKEN}'}
                    retrieval:
                      source: {connStr: 'host=${SRC_HOST} port=5432 user=${SRC_USER:-dblab}'}
                      databases: ['${DB}']
                    """, Map.of("TOKEN", "s3cret", "SRC_HOST", "db1", "DB", "app"));

            assertThat(c.server().verificationToken()).isEqualTo("s3cret");
            assertThat(c.retrieval().source().connStr()).isEqualTo("host=db1 port=5432 user=dblab");
            assertThat(c.retrieval().databases()).containsExactly("app");
        }

        @Test
        void theDefaultAppliesWhenTheVariableIsUnsetOrEmpty() {
            String yaml = SOURCE + "provision: {accessHost: '${ACCESS:-10.0.0.7}'}\n";

            assertThat(EngineConfigLoader.parse(yaml, Map.of()).provision().accessHost()).isEqualTo("10.0.0.7");
            assertThat(EngineConfigLoader.parse(yaml, Map.of("ACCESS", "")).provision().accessHost()).isEqualTo("10.0.0.7");
            assertThat(EngineConfigLoader.parse(yaml, Map.of("ACCESS", "10.0.0.9")).provision().accessHost()).isEqualTo("10.0.0.9");
        }

        @Test
        void aReferenceCanStandForANumberOrABoolean() {
            EngineConfig c = EngineConfigLoader.parse(SOURCE + "server: {port: '${PORT}', allowInsecureHttp: '${INSECURE:-false}'}\n",
                    Map.of("PORT", "2399"));

            assertThat(c.server().port()).isEqualTo(2399);
            assertThat(c.server().allowInsecureHttp()).isFalse();
        }

        @Test
        void aVariableGivingTheWrongTypeIsRejectedWithoutQuotingIt() {
            rejects(SOURCE + "server: {port: '${PORT}'}\n", Map.of("PORT", "hunter2"))
                    .hasMessage("wrong type for 'server.port' in server.yml: the value from the environment is not an integer");
        }

        @Test
        void anUnsetVariableNamesTheVariableAndTheKey() {
            rejects(SOURCE + "server: {verificationToken: '${DBLAB_VERIFICATION_TOKEN}'}\n")
                    .hasMessageContaining("environment variable DBLAB_VERIFICATION_TOKEN is not set")
                    .hasMessageContaining("'server.verificationToken' in server.yml");
        }

        @Test
        void variableValuesAreNotExpandedAgain() {
            EngineConfig c = EngineConfigLoader.parse(SOURCE + "server: {verificationToken: '${A}'}\n", Map.of("A", "${B}"));

            assertThat(c.server().verificationToken()).isEqualTo("${B}");
        }

        @ParameterizedTest
        @ValueSource(strings = {"${1X}", "${X", "${X:y}", "a${}b"})
        void aMalformedReferenceIsAnError(String value) {
            rejects(SOURCE + "server: {verificationToken: '" + value + "'}\n")
                    .hasMessageContaining("malformed variable reference in 'server.verificationToken' in server.yml");
        }
    }

    @Nested
    class Strictness {
        @Test
        void anUnknownKeyIsNamedByItsFullPath() {
            rejects(SOURCE + "poolManager:\n  pools:\n    - name: a\n      sise: 10GiB\n")
                    .hasMessage("unknown key 'poolManager.pools[0].sise' in server.yml");
            rejects(SOURCE + "serverr: {}\n").hasMessage("unknown key 'serverr' in server.yml");
            rejects(SOURCE + "server: {tls: {cert: x}}\n").hasMessage("unknown key 'server.tls.cert' in server.yml");
        }

        @Test
        void aStringForANumberNamesTheKeyAndTheExpectedType() {
            rejects(SOURCE + "server: {port: abc}\n")
                    .hasMessage("wrong type for 'server.port' in server.yml: expected an integer, got a string");
            rejects(SOURCE + "server: {port: '2345'}\n").hasMessageContaining("expected an integer, got a string");
            rejects(SOURCE + "server: {port: 2345.5}\n").hasMessageContaining("expected an integer, got a decimal number");
            rejects(SOURCE + "server: {port: 99999999999}\n").hasMessageContaining("got an integer out of range");
        }

        @Test
        void otherWrongTypesNameTheExpectedType() {
            rejects(SOURCE + "server: {allowInsecureHttp: 'maybe'}\n")
                    .hasMessage("wrong type for 'server.allowInsecureHttp' in server.yml: expected true or false, got a string");
            rejects(SOURCE + "server: {verificationToken: 0123}\n")
                    .hasMessage("wrong type for 'server.verificationToken' in server.yml: expected a string (quote the value), got an integer");
            rejects(SOURCE + "poolManager: {pools: {name: a}}\n")
                    .hasMessage("wrong type for 'poolManager.pools' in server.yml: expected a list, got a mapping");
            rejects(SOURCE + "server: 2345\n").hasMessage("wrong type for 'server' in server.yml: expected a mapping, got an integer");
            rejects("- a\n").hasMessage("wrong type for the top level in server.yml: expected a mapping, got a list");
            rejects("retrieval: {mode: none, databases: [app, ~]}\n")
                    .hasMessage("wrong type for 'retrieval.databases[1]' in server.yml: expected a string, got an empty value");
        }

        @Test
        void anExplicitZeroIsNotSilentlyTurnedIntoTheDefault() {
            rejects("retrieval: {mode: none, parallelJobs: 0}\n")
                    .hasMessage("invalid value for 'retrieval.parallelJobs' in server.yml: 0 is not allowed; remove the key to use the default");
        }

        @Test
        void aDuplicateKeyIsAnError() {
            rejects(SOURCE + "server:\n  port: 1\n  port: 2\n").hasMessageContaining("cannot parse server.yml: Duplicate field 'port'");
        }

        @Test
        void yamlAliasesAndMergeKeysAreExpandedAndTheResultIsStillChecked() {
            EngineConfig config = EngineConfigLoader.parse(SOURCE + "provision: {accessHost: &h 10.0.0.1}\n"
                    + "cloning: &c {maxIdleMinutes: 5}\nserver: {host: *h, allowInsecureHttp: true, verificationToken: t}\n",
                    Map.of());
            assertThat(config.server().host()).isEqualTo("10.0.0.1");
            rejects(SOURCE + "base: &b {maxIdleMinutes: 5}\ncloning: {<<: *b, idleSeconds: 1}\n")
                    .hasMessage("unknown key 'base' in server.yml");
            rejects(SOURCE + "server: {port: 1, <<: {host: x}, port: 2}\n").hasMessageContaining("Duplicate field 'port'");
        }

        @Test
        void aSyntaxErrorIsOneLineWithItsPlace() {
            rejects("server:\n  port: 1\n host: x\n").hasMessageStartingWith("cannot parse server.yml: ")
                    .hasMessageContaining("at line 3, column 2");
        }
    }

    @Nested
    class Validation {
        @ParameterizedTest
        @ValueSource(ints = {-1, 65536})
        void serverPortIsAPortNumber(int port) {
            rejects(SOURCE + "server: {port: " + port + "}\n")
                    .hasMessage("server.yml: server.port must be between 1 and 65535, got " + port);
        }

        @Test
        void portPoolBoundsArePortsInOrder() {
            rejects(SOURCE + "provision: {portPool: {from: 70000, to: 70001}}\n")
                    .hasMessageContaining("provision.portPool.from must be between 1 and 65535, got 70000")
                    .hasMessageContaining("provision.portPool.to must be between 1 and 65535, got 70001");
            rejects(SOURCE + "provision: {portPool: {from: 6100, to: 6000}}\n")
                    .hasMessage("server.yml: provision.portPool.to (6000) must be >= provision.portPool.from (6100)");
            assertThat(parse(SOURCE + "provision: {portPool: {from: 7000, to: 7000}}\n").provision().portPool())
                    .isEqualTo(new EngineConfig.PortPool(7000, 7000));
        }

        @ParameterizedTest
        @ValueSource(strings = {"-pool", "a/b", "..", "a..b", "pool name", "_x", ".hidden"})
        void poolNamesAreSafeForPaths(String name) {
            rejects(SOURCE + "poolManager: {pools: [{name: '" + name + "'}]}\n")
                    .hasMessageContaining("poolManager.pools[0].name '" + name + "' must start with a letter or digit");
        }

        @Test
        void poolNamesAreUnique() {
            rejects(SOURCE + "poolManager: {pools: [{name: a}, {name: b}, {name: a}]}\n")
                    .hasMessage("server.yml: poolManager.pools[2].name 'a' is used by another pool; pool names must be unique");
            rejects(SOURCE + "poolManager: {pools: [{}, {}]}\n")
                    .hasMessageContaining("poolManager.pools[1].name 'dblab_pool' is used by another pool");
        }

        @Test
        void poolsAcceptTheDocumentedNamesAndProviders() {
            EngineConfig c = parse(SOURCE + "poolManager: {pools: [{name: main_1.a-b, provider: btrfs}, {name: 2nd, provider: reflink}]}\n");

            assertThat(c.poolManager().pools()).extracting(EngineConfig.Pool::name).containsExactly("main_1.a-b", "2nd");
        }

        @Test
        void providerIsBtrfsOrReflink() {
            rejects(SOURCE + "poolManager: {pools: [{provider: zfs}]}\n")
                    .hasMessage("server.yml: poolManager.pools[0].provider must be btrfs or reflink, got 'zfs'");
        }

        @Test
        void retrievalModeIsLogicalPhysicalOrNone() {
            rejects("retrieval: {mode: snapshot, source: {connStr: 'host=src'}}\n")
                    .hasMessage("server.yml: retrieval.mode must be logical, physical or none, got 'snapshot'");
            assertThat(parse("retrieval: {mode: physical, source: {connStr: 'host=src'}}\n").retrieval().mode())
                    .isEqualTo("physical");
        }

        @Test
        void schedulesAreCronExpressions() {
            rejects("retrieval: {source: {connStr: 'host=src'}, snapshotSchedule: '0 */6 * *'}\n")
                    .hasMessageContaining("retrieval.snapshotSchedule: '0 */6 * *' is not a cron expression");
            rejects("retrieval: {source: {connStr: 'host=src'}, refresh: {timetable: '0 25 * * *'}}\n")
                    .hasMessageContaining("retrieval.refresh.timetable: the hour 25 is outside 0-23");
        }

        @ParameterizedTest
        @ValueSource(strings = {"31", "31k", "1025M", "1048577", "10MB", "fast", "-100M", "1.5M"})
        void basebackupRateIsWhatPgBasebackupTakes(String rate) {
            rejects("retrieval: {mode: physical, source: {connStr: 'host=src'}, physical: {maxRate: '" + rate + "'}}\n")
                    .hasMessage("server.yml: retrieval.physical.maxRate must be a rate from 32k to 1024M (kilobytes per"
                            + " second, or with a k or M suffix), got '" + rate + "'");
        }

        @ParameterizedTest
        @ValueSource(strings = {"32", "32k", "100M", "1024M", "1048576"})
        void basebackupRatesInRangeAreTaken(String rate) {
            assertThat(parse("retrieval: {mode: physical, source: {connStr: 'host=src'}, physical: {maxRate: '" + rate
                    + "'}}\n").retrieval().physical().maxRate()).isEqualTo(rate);
        }

        @Test
        void retentionLimitIsNotNegative() {
            rejects("retrieval: {source: {connStr: 'host=src'}, retention: {limit: -1}}\n")
                    .hasMessage("server.yml: retrieval.retention.limit must be >= 0, got -1");
        }

        @ParameterizedTest
        @ValueSource(strings = {"--section=data", "-s", "--data-only", "-j4", "--use-list=x", "-1", "--dbname=other"})
        void restoreOptionsLeaveTheEnginesStepsToTheEngine(String option) {
            rejects("retrieval: {source: {connStr: 'host=src'}, logical: {restoreOptions: ['" + option + "']}}\n")
                    .hasMessageContaining("retrieval.logical.restoreOptions: '" + option + "' is the engine's to choose");
            assertThat(parse("retrieval: {source: {connStr: 'host=src'}, logical: {restoreOptions: [--no-owner,"
                    + " --no-privileges, --disable-triggers]}}\n").retrieval().logical().restoreOptions())
                    .containsExactly("--no-owner", "--no-privileges", "--disable-triggers");
        }

        @Test
        void modeNoneNeedsNoSource() {
            assertThat(parse("retrieval: {mode: none}\n").retrieval().source().connStr()).isNull();
        }

        @Test
        void logicalModeMayStartWithoutASourceAndWaitForOne() {
            assertThat(parse("retrieval: {mode: logical, source: {connStr: ' '}}\n").retrieval().source().connStr())
                    .isBlank();
            assertThat(parse("retrieval: {mode: logical, source: {passwordEnv: PW}}\n").retrieval().source().connStr())
                    .isNull();
        }

        @Test
        void physicalModeNeedsASourceOrARestoreCommand() {
            for (String source : List.of("", "source: {connStr: ' '}, ")) {
                rejects("retrieval: {mode: physical, " + source + "parallelJobs: 2}\n")
                        .hasMessage("server.yml: retrieval.source.connStr is required when retrieval.mode is physical and"
                                + " retrieval.physical.restoreCommand is not set");
            }
            assertThat(parse("retrieval: {mode: physical, physical: {restoreCommand: 'wal-g backup-fetch {dataDir}"
                    + " LATEST'}}\n").retrieval().source().connStr()).isNull();
        }

        @ParameterizedTest
        @ValueSource(strings = {"host=src password=x", "host=src PASSWORD = x", "postgresql://dblab:secret@src/postgres"})
        void theSourcePasswordStaysOutOfTheFile(String connStr) {
            rejects("retrieval: {source: {connStr: '" + connStr + "'}}\n")
                    .hasMessage("server.yml: retrieval.source.connStr must not contain a password (password=): put the password in"
                            + " the environment variable named by retrieval.source.passwordEnv");
        }

        @Test
        void aUriWithoutPasswordIsAccepted() {
            assertThat(parse("retrieval: {source: {connStr: 'postgresql://dblab@src:5432/postgres'}}\n").retrieval().source().connStr())
                    .isEqualTo("postgresql://dblab@src:5432/postgres");
        }

        @Test
        void parallelJobsIsAtLeastOne() {
            rejects("retrieval: {mode: none, parallelJobs: -2}\n")
                    .hasMessage("server.yml: retrieval.parallelJobs must be >= 1, got -2");
        }

        @Test
        void maxIdleMinutesIsNotNegative() {
            rejects(SOURCE + "cloning: {maxIdleMinutes: -1}\n")
                    .hasMessage("server.yml: cloning.maxIdleMinutes must be >= 0, got -1");
            assertThat(parse(SOURCE + "cloning: {maxIdleMinutes: 0}\n").cloning().maxIdleMinutes()).isZero();
        }

        @Test
        void idleCheckSecondsIsPositive() {
            rejects(SOURCE + "cloning: {idleCheckSeconds: -5}\n")
                    .hasMessage("server.yml: cloning.idleCheckSeconds must be >= 1, got -5");
            assertThat(parse(SOURCE + "cloning: {idleCheckSeconds: 5}\n").cloning().idleCheckSeconds()).isEqualTo(5);
        }

        @Test
        void tlsFilesAreSetTogether() {
            rejects(SOURCE + "server: {tls: {certFile: /etc/cert.pem}}\n")
                    .hasMessage("server.yml: server.tls.certFile and server.tls.keyFile must be set together");
            rejects(SOURCE + "server: {tls: {keyFile: /etc/key.pem}}\n")
                    .hasMessageContaining("server.tls.certFile and server.tls.keyFile must be set together");
        }

        @Test
        void postgresBinDirMustHoldAnExecutablePostgres(@TempDir Path dir) throws IOException {
            rejects(SOURCE + "provision: {postgresBinDir: '" + dir + "'}\n")
                    .hasMessage("server.yml: provision.postgresBinDir must contain an executable 'postgres', but "
                            + dir.resolve("postgres") + " does not exist");

            Path postgres = Files.createFile(dir.resolve("postgres"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
            // root can execute nothing without an x bit either, so this holds for every user.
            rejects(SOURCE + "provision: {postgresBinDir: '" + dir + "'}\n")
                    .hasMessageEndingWith(postgres + " is not executable");

            Files.setPosixFilePermissions(postgres, PosixFilePermissions.fromString("rwxr-xr-x"));
            assertThat(parse(SOURCE + "provision: {postgresBinDir: '" + dir + "'}\n").provision().postgresBinDir()).isEqualTo(dir.toString());
        }

        @Test
        void allProblemsAreReportedTogether() {
            rejects(SOURCE + "server: {port: -1}\ncloning: {maxIdleMinutes: -1}\n")
                    .hasMessage("server.yml: server.port must be between 1 and 65535, got -1; cloning.maxIdleMinutes must be >= 0, got -1");
        }
    }

    @Nested
    class Security {
        @ParameterizedTest
        @ValueSource(strings = {"127.0.0.1", "127.10.0.255", "localhost", "LOCALHOST", "::1", "[::1]", "0:0:0:0:0:0:0:1"})
        void aLoopbackHostNeedsNeitherTokenNorTls(String host) {
            assertThat(parse(SOURCE + "server: {host: '" + host + "'}\n").server().host()).isEqualTo(host);
        }

        @ParameterizedTest
        @ValueSource(strings = {"0.0.0.0", "10.0.0.5", "::", "db.example.com", "127.0.0.256", "127.example.com", "::ffff:10.0.0.1"})
        void aNonLoopbackHostNeedsAToken(String host) {
            rejects(SOURCE + "server: {host: '" + host + "', allowInsecureHttp: true}\n")
                    .hasMessageContaining("server.verificationToken must be set when server.host is not loopback");
        }

        @Test
        void aNonLoopbackHostNeedsTlsOrAnExplicitInsecureChoice() {
            rejects(SOURCE + "server: {host: 0.0.0.0, verificationToken: t}\n")
                    .hasMessage("server.yml: server.host 0.0.0.0 is not loopback and server.tls is not configured:"
                            + " configure server.tls (certFile and keyFile) or set server.allowInsecureHttp: true");

            assertThat(parse(SOURCE + "server: {host: 0.0.0.0, verificationToken: t, allowInsecureHttp: true}\n").server().allowInsecureHttp()).isTrue();
            assertThat(parse(SOURCE + "server: {host: 0.0.0.0, verificationToken: t, tls: {certFile: c.pem, keyFile: k.pem}}\n")
                    .server().tls().enabled()).isTrue();
        }

        @Test
        void aBlankTokenCountsAsNoToken() {
            rejects(SOURCE + "server: {host: 0.0.0.0, verificationToken: '  ', allowInsecureHttp: true}\n")
                    .hasMessageContaining("server.verificationToken must be set");
        }
    }

    @Nested
    class Platform {
        @Test
        void theControlTokenComesFromTheEnvironmentAndIsNeverShown() {
            EngineConfig c = EngineConfigLoader.parse(SOURCE + "platform: {controlToken: '${PLATFORM_TOKEN}'}\n",
                    Map.of("PLATFORM_TOKEN", "platform-secret-1234"));

            assertThat(c.platform().controlToken()).isEqualTo("platform-secret-1234");
            assertThat(c.platform().tunnel().enabled()).isFalse();
            assertThat(c.toString()).doesNotContain("platform-secret-1234");
            assertThat(parse(SOURCE).platform()).isEqualTo(new EngineConfig.Platform("", new EngineConfig.Tunnel("", "", "")));
        }

        @Test
        void theControlTokenMustDifferFromTheVerificationToken() {
            rejects(SOURCE + "server: {verificationToken: same}\nplatform: {controlToken: same}\n")
                    .hasMessage("server.yml: platform.controlToken must differ from server.verificationToken: the"
                            + " Platform's token may ask for a few operations only, the verification token for all");
        }

        @Test
        void theReferencePlatformKeysAreNotTakenForOurs() {
            EngineConfigLoader.Loaded loaded = EngineConfigLoader.read(SOURCE + "platform: {accessToken: x}\n", Map.of());
            assertThat(loaded.config().platform().controlToken()).isEmpty();
            assertThat(loaded.warnings()).singleElement().asString().startsWith("ignored: platform.accessToken: ");
            rejects(SOURCE + "platform: {accesToken: x}\n").hasMessage("unknown key 'platform.accesToken' in server.yml");
        }

        @ParameterizedTest
        @ValueSource(strings = {"wss://platform.example.com/tunnel", "wss://10.0.0.5:8443/tunnel", "ws://127.0.0.1:8080/tunnel",
                "ws://localhost/tunnel", "ws://[::1]:8080/tunnel", "WSS://platform.example.com/tunnel"})
        void aTunnelUrlIsWssOrWsToLoopback(String url) {
            EngineConfig c = EngineConfigLoader.parse(SOURCE + "platform: {tunnel: {url: '" + url + "', key: '${KEY}'}}\n",
                    Map.of("KEY", "registration-key-77"));

            assertThat(c.platform().tunnel().url()).isEqualTo(url);
            assertThat(c.platform().tunnel().key()).isEqualTo("registration-key-77");
            assertThat(c.toString()).doesNotContain("registration-key-77");
        }

        @Test
        void plainWsToAnotherHostIsRefused() {
            rejects(SOURCE + "platform: {tunnel: {url: 'ws://platform.example.com/tunnel', key: k}}\n")
                    .hasMessage("server.yml: platform.tunnel.url must use wss:// (TLS): ws:// is allowed only to a"
                            + " loopback host, got 'ws://platform.example.com/tunnel'");
        }

        @ParameterizedTest
        @ValueSource(strings = {"https://platform.example.com/tunnel", "platform.example.com", "wss:///tunnel", "wss://a b/"})
        void somethingElseIsNotATunnelUrl(String url) {
            rejects(SOURCE + "platform: {tunnel: {url: '" + url + "', key: k}}\n").hasMessageContaining("platform.tunnel.url");
        }

        @Test
        void aTunnelNeedsItsKeyAndAKeyItsTunnel() {
            rejects(SOURCE + "platform: {tunnel: {url: 'wss://p.example.com/tunnel'}}\n")
                    .hasMessageContaining("platform.tunnel.key is required when platform.tunnel.url is set");
            rejects(SOURCE + "platform: {tunnel: {key: k}}\n")
                    .hasMessage("server.yml: platform.tunnel.url is required when platform.tunnel.key or caFile is set");
        }

        @Test
        void theCaFileMustExist(@TempDir Path dir) throws IOException {
            String tunnel = "platform: {tunnel: {url: 'wss://p.example.com/tunnel', key: k, caFile: '%s'}}\n";
            rejects(SOURCE + tunnel.formatted(dir.resolve("ca.pem")))
                    .hasMessage("server.yml: platform.tunnel.caFile " + dir.resolve("ca.pem") + " does not exist or is not a file");

            Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
            assertThat(parse(SOURCE + tunnel.formatted(dir.resolve("ca.pem"))).platform().tunnel().caFile())
                    .isEqualTo(dir.resolve("ca.pem").toString());
        }
    }

    @Nested
    class Documentation {
        private static final Path EXAMPLE = Path.of("..", "configs", "server.example.yml");

        @Test
        void theExampleFileLoads() throws IOException {
            EngineConfig c = EngineConfigLoader.parse(Files.readString(EXAMPLE), Map.of("DBLAB_VERIFICATION_TOKEN", "example-token"));

            assertThat(c.server().verificationToken()).isEqualTo("example-token");
            assertThat(c.poolManager().pools()).containsExactly(
                    new EngineConfig.Pool("dblab_pool", "btrfs", "/var/lib/dblab/dblab_pool.img", "20GiB", false, false));
            assertThat(c.retrieval().source()).isEqualTo(
                    new EngineConfig.Source("host=prod.example.com port=5432 user=dblab dbname=postgres", "DBLAB_SOURCE_PASSWORD"));
        }

        @Test
        void theExampleFileSetsEveryKeyToItsDefault() throws IOException {
            // The example documents each default in a comment next to the value it sets; this keeps
            // the two in step with the records, apart from the keys the example is about.
            EngineConfig example = EngineConfigLoader.parse(Files.readString(EXAMPLE), Map.of("DBLAB_VERIFICATION_TOKEN", "t"));
            EngineConfig defaults = parse("server: {verificationToken: t}\n"
                    + "poolManager: {pools: [{imageFile: /var/lib/dblab/dblab_pool.img}]}\n"
                    + "retrieval: {source: {connStr: 'host=prod.example.com port=5432 user=dblab dbname=postgres',"
                    + " passwordEnv: DBLAB_SOURCE_PASSWORD}}\n");

            // tls is written as "" in the example to show the keys; blank and absent both mean "no TLS".
            assertThat(example).usingRecursiveComparison().ignoringFields("server.tls").isEqualTo(defaults);
            assertThat(example.server().tls().enabled()).isFalse();
        }

        @Test
        void theExampleAndTheReferenceNameEveryKey() throws IOException {
            JsonNode example = new YAMLMapper().readTree(EXAMPLE.toFile());
            String reference = Files.readString(Path.of("..", "docs", "configuration.md"));

            for (String key : keyPaths(EngineConfig.class, "")) {
                assertThat(has(example, key)).as("%s in %s", key, EXAMPLE).isTrue();
                assertThat(reference).as("%s in docs/configuration.md", key).contains("| `" + key + "` |");
            }
        }

        /** Every key that holds a value, as the reference writes it: server.tls.certFile, poolManager.pools[].name. */
        private static List<String> keyPaths(Class<?> record, String prefix) {
            List<String> keys = new ArrayList<>();
            for (RecordComponent c : record.getRecordComponents()) {
                String key = prefix + c.getName();
                if (c.getType().isRecord()) {
                    keys.addAll(keyPaths(c.getType(), key + "."));
                    continue;
                }
                keys.add(key);
                if (c.getGenericType() instanceof ParameterizedType list
                        && list.getActualTypeArguments()[0] instanceof Class<?> element && element.isRecord()) {
                    keys.addAll(keyPaths(element, key + "[]."));
                }
            }
            return keys;
        }

        private static boolean has(JsonNode root, String key) {
            JsonNode node = root;
            for (String part : key.split("\\.")) {
                if (node.isArray() && node.isEmpty()) {
                    return true; // an empty list (webhooks.hooks) names its elements' keys in comments only
                }
                if (node.isArray()) {
                    node = node.get(0);
                }
                if (node == null || !node.has(part.replace("[]", ""))) {
                    return false;
                }
                node = node.get(part.replace("[]", ""));
            }
            return true;
        }

        @Test
        void theExampleFileNeedsItsTokenVariable() {
            assertThatThrownBy(() -> EngineConfigLoader.parse(Files.readString(EXAMPLE), Map.of()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("DBLAB_VERIFICATION_TOKEN");
        }
    }
}
