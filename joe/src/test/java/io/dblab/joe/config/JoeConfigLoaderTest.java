package io.dblab.joe.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dblab.joe.explain.ExplainRunner;
import io.dblab.joe.insight.Thresholds;
import io.dblab.joe.testing.SelfSignedCertificate;
import io.dblab.serverkit.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JoeConfigLoaderTest {
    private static final String MINIMAL = """
            server:
              token: ${JOE_TOKEN}
            engines:
              - name: main
                url: http://127.0.0.1:2345
                token: ${DBLAB_TOKEN}
            channels:
              - name: "*"
                engine: main
                database: app
            """;
    private static final Map<String, String> ENV = Map.of("JOE_TOKEN", "joe-secret-token", "DBLAB_TOKEN", "engine-token");

    @Test
    void aMinimalFileTakesTheDefaults() {
        JoeConfig config = JoeConfigLoader.parse(MINIMAL, ENV);
        assertThat(config.server().host()).isEqualTo("127.0.0.1");
        assertThat(config.server().port()).isEqualTo(2400);
        assertThat(config.server().token()).isEqualTo("joe-secret-token");
        assertThat(config.limits().statement()).isEqualTo(ExplainRunner.DEFAULT_STATEMENT_TIMEOUT).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.limits().quota().requests()).isEqualTo(60);
        assertThat(config.limits().quota().window()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.sessions().idle()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.history().enabled()).isTrue();
        assertThat(config.audit().enabled()).isTrue();
        assertThat(config.strictMode()).isFalse();
        assertThat(config.insights().thresholds()).isEqualTo(Thresholds.defaults());
        assertThat(config.route("anything")).hasValueSatisfying(c -> assertThat(c.database()).isEqualTo("app"));
    }

    @Test
    void readsEverySection() {
        JoeConfig config = JoeConfigLoader.parse("""
                server: {host: 127.0.0.1, port: 2401, token: t0k3n}
                engines:
                  - {name: main, url: "https://engine.example:2345", token: a}
                  - {name: staging, url: "http://10.0.0.5:2345", token: b}
                channels:
                  - {name: "*", engine: main, database: app}
                  - {name: perf, engine: staging, database: perfdb}
                sessions: {idleTimeout: 45m, cloneReadyTimeout: 3m, key: k}
                limits: {statementTimeout: 30s, quota: {requests: 5, interval: 10s}}
                history: {enabled: false, retention: 7d}
                audit: {enabled: true, file: /var/log/joe-audit.jsonl}
                strictMode: true
                insights: {seqScanBlocks: 0, estimateFactor: 20, jitShare: 0.5}
                stateDir: /var/lib/joe
                """, Map.of());
        assertThat(config.route("perf")).hasValueSatisfying(c -> {
            assertThat(c.engine()).isEqualTo("staging");
            assertThat(c.database()).isEqualTo("perfdb");
        });
        assertThat(config.route("other").orElseThrow().engine()).isEqualTo("main");
        assertThat(config.limits().statement()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.limits().quota().requests()).isEqualTo(5);
        assertThat(config.sessions().idle()).isEqualTo(Duration.ofMinutes(45));
        assertThat(config.history().enabled()).isFalse();
        assertThat(config.history().kept()).isEqualTo(Duration.ofDays(7));
        assertThat(config.auditFile().toString()).isEqualTo("/var/log/joe-audit.jsonl");
        assertThat(config.strictMode()).isTrue();
        Thresholds t = config.insights().thresholds();
        assertThat(t.seqScanBlocks()).isZero();
        assertThat(t.estimateFactor()).isEqualTo(20);
        assertThat(t.jitShare()).isEqualTo(0.5);
        assertThat(t.readBlocks()).isEqualTo(Thresholds.defaults().readBlocks());
    }

    @Test
    void aChannelWithoutItsOwnEntryAndNoWildcardHasNoRoute() {
        JoeConfig config = JoeConfigLoader.parse(MINIMAL.replace("\"*\"", "perf"), ENV);
        assertThat(config.route("perf")).isPresent();
        assertThat(config.route("other")).isEmpty();
    }

    @Test
    void thePlatformSectionTakesItsTokenFromTheEnvironmentAndIsChecked() {
        JoeConfig config = JoeConfigLoader.parse(MINIMAL + "platform:\n  url: https://platform.example.com\n"
                + "  token: ${PLATFORM_TOKEN}\n", Map.of("JOE_TOKEN", "j", "DBLAB_TOKEN", "d", "PLATFORM_TOKEN", "dbp_x"));
        JoeConfig.Platform platform = config.platformLink().orElseThrow();
        assertThat(platform.token()).isEqualTo("dbp_x");
        assertThat(platform.name()).isEqualTo("joe");
        assertThat(config.advertisedUrl()).isEqualTo("http://127.0.0.1:2400");
        assertThat(JoeConfigLoader.parse(MINIMAL, ENV).platformLink()).isEmpty();
        assertThatThrownBy(() -> JoeConfigLoader.parse(MINIMAL + "platform:\n  url: platform.example.com\n"
                + "  caFile: /nonexistent/ca.pem\n", ENV))
                .hasMessageContaining("platform.url must be the Platform's http:// or https:// address")
                .hasMessageContaining("platform.token must be set")
                .hasMessageContaining("platform.caFile /nonexistent/ca.pem does not exist");
    }

    @Test
    void unknownKeysAreErrorsThatNameTheKey() {
        assertThatThrownBy(() -> JoeConfigLoader.parse(MINIMAL + "limits: {statementTimeOut: 5m}\n", ENV))
                .isInstanceOf(ConfigException.class).hasMessage("unknown key 'limits.statementTimeOut' in joe.yml");
        assertThatThrownBy(() -> JoeConfigLoader.parse(MINIMAL.replace("database: app", "database: app\n    db: x"), ENV))
                .hasMessage("unknown key 'channels[0].db' in joe.yml");
    }

    @Test
    void wrongTypesAndBadValuesAreErrorsThatNameTheKey() {
        assertThatThrownBy(() -> JoeConfigLoader.parse(MINIMAL + "strictMode: yes please\n", ENV))
                .hasMessage("wrong type for 'strictMode' in joe.yml: expected true or false, got a string");
        assertThatThrownBy(() -> JoeConfigLoader.parse(MINIMAL + "limits: {statementTimeout: 10}\n", ENV))
                .hasMessageContaining("wrong type for 'limits.statementTimeout'");
        assertThatThrownBy(() -> JoeConfigLoader.parse(MINIMAL + "limits: {statementTimeout: \"10 minutes\"}\n", ENV))
                .hasMessageContaining("limits.statementTimeout: invalid duration '10 minutes'");
        assertThatThrownBy(() -> JoeConfigLoader.parse(MINIMAL + "limits: {quota: {requests: -1}}\n", ENV))
                .hasMessageContaining("limits.quota.requests must be at least 1, got -1");
        assertThatThrownBy(() -> JoeConfigLoader.parse(MINIMAL + "insights: {jitShare: 2.5, heapFetches: -3}\n", ENV))
                .hasMessageContaining("insights.heapFetches must not be negative, got -3")
                .hasMessageContaining("insights.jitShare must be between 0 and 1, got 2.5");
    }

    @Test
    void referencesAndSecurityRulesAreChecked() {
        assertThatThrownBy(() -> JoeConfigLoader.parse(MINIMAL.replace("engine: main", "engine: other"), ENV))
                .hasMessageContaining("channels[0].engine 'other' is not one of the engines");
        assertThatThrownBy(() -> JoeConfigLoader.parse(MINIMAL, Map.of("JOE_TOKEN", "", "DBLAB_TOKEN", "x")))
                .hasMessageContaining("server.token must be set");
        assertThatThrownBy(() -> JoeConfigLoader.parse(MINIMAL.replace("token: ${JOE_TOKEN}",
                "token: ${JOE_TOKEN}\n  host: 0.0.0.0"), ENV))
                .hasMessageContaining("server.host 0.0.0.0 is not loopback and server.tls is not configured");
        assertThatThrownBy(() -> JoeConfigLoader.parse(MINIMAL.replace("http://127.0.0.1:2345", "127.0.0.1:2345"), ENV))
                .hasMessageContaining("engines[0].url must be an http:// or https:// address");
        assertThatThrownBy(() -> JoeConfigLoader.parse("server: {token: x}\n", Map.of()))
                .hasMessageContaining("engines must name at least one engine")
                .hasMessageContaining("channels must map at least one channel");
    }

    @Test
    void aSlackSectionTurnsTheEndpointOnAndIsChecked() {
        assertThat(JoeConfigLoader.parse(MINIMAL, ENV).slackEndpoint()).isEmpty();
        JoeConfig config = JoeConfigLoader.parse(MINIMAL + """
                slack:
                  signingSecret: ${SLACK_SIGNING_SECRET}
                  botToken: ${SLACK_BOT_TOKEN}
                """, Map.of("JOE_TOKEN", "j", "DBLAB_TOKEN", "d", "SLACK_SIGNING_SECRET", "s3cr3t", "SLACK_BOT_TOKEN", "xoxb-1"));
        assertThat(config.slackEndpoint()).contains(new JoeConfig.Slack("s3cr3t", "xoxb-1", "https://slack.com/api"));
        assertThatThrownBy(() -> JoeConfigLoader.parse(MINIMAL + "slack: {apiUrl: slack.test}\n", ENV))
                .hasMessageContaining("slack.signingSecret must be set")
                .hasMessageContaining("slack.botToken must be set")
                .hasMessageContaining("slack.apiUrl must be an http:// or https:// address of Slack's Web API, got 'slack.test'");
    }

    @Test
    void slacksSecretsInTheEnvironmentTurnTheEndpointOnInFlagMode() {
        Map<String, String> env = Map.of("JOE_TOKEN", "t", "SLACK_SIGNING_SECRET", "s", "SLACK_BOT_TOKEN", "xoxb-2");
        assertThat(JoeConfigLoader.fromFlags("http://127.0.0.1:2345", "shop", null, null, env).slackEndpoint())
                .contains(new JoeConfig.Slack("s", "xoxb-2", null));
        assertThat(JoeConfigLoader.fromFlags("http://127.0.0.1:2345", "shop", null, null, Map.of("JOE_TOKEN", "t"))
                .slackEndpoint()).isEmpty();
        assertThatThrownBy(() -> JoeConfigLoader.fromFlags("http://127.0.0.1:2345", "shop", null, null,
                Map.of("JOE_TOKEN", "t", "SLACK_SIGNING_SECRET", "s")))
                .hasMessageContaining("slack.botToken must be set");
    }

    @Test
    void tlsFilesMustBeSetTogetherAndLoad(@TempDir Path dir) throws Exception {
        String tls = MINIMAL.replace("token: ${JOE_TOKEN}", "token: ${JOE_TOKEN}\n  host: 0.0.0.0\n  tls:\n"
                + "    certFile: " + dir.resolve("cert.pem") + "\n    keyFile: " + dir.resolve("key.pem"));
        assertThatThrownBy(() -> JoeConfigLoader.parse(tls, ENV))
                .hasMessageContaining("server.tls.certFile " + dir.resolve("cert.pem") + " does not exist or cannot be read");
        SelfSignedCertificate.createIn(dir);
        JoeConfig config = JoeConfigLoader.parse(tls, ENV);
        assertThat(config.server().tls().enabled()).as("TLS makes a non-loopback host acceptable").isTrue();

        Files.writeString(dir.resolve("key.pem"), "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
        assertThatThrownBy(() -> JoeConfigLoader.parse(tls, ENV)).hasMessageContaining("server.tls: ")
                .hasMessageContaining("is not PKCS#8");
        Files.writeString(dir.resolve("cert.pem"), "not a certificate");
        assertThatThrownBy(() -> JoeConfigLoader.parse(tls, ENV)).hasMessageContaining("server.tls: cannot load TLS certificate");
        assertThatThrownBy(() -> JoeConfigLoader.parse(MINIMAL.replace("token: ${JOE_TOKEN}",
                "token: ${JOE_TOKEN}\n  tls: {certFile: " + dir.resolve("cert.pem") + "}"), ENV))
                .hasMessageContaining("server.tls.certFile and server.tls.keyFile must be set together");
    }

    @Test
    void anUnsetVariableIsAnErrorThatNamesIt() {
        assertThatThrownBy(() -> JoeConfigLoader.parse(MINIMAL, Map.of("JOE_TOKEN", "x")))
                .hasMessage("environment variable DBLAB_TOKEN is not set (used by 'engines[0].token' in joe.yml)");
    }

    @Test
    void flagsMakeOneEngineForEveryChannelWithTokensFromTheEnvironment() {
        JoeConfig config = JoeConfigLoader.fromFlags("http://127.0.0.1:2345", "shop", 2411, "/var/lib/joe",
                Map.of("DBLAB_TOKEN", "engine-token", "JOE_TOKEN", "joe-token", "JOE_SESSION_KEY", "session-key"));
        assertThat(config.server().port()).isEqualTo(2411);
        assertThat(config.server().token()).isEqualTo("joe-token");
        assertThat(config.sessions().key()).isEqualTo("session-key");
        assertThat(config.stateDir()).isEqualTo("/var/lib/joe");
        JoeConfig.Channel channel = config.route("any-channel").orElseThrow();
        assertThat(channel.database()).isEqualTo("shop");
        assertThat(config.engine(channel.engine()).orElseThrow().token()).isEqualTo("engine-token");
        assertThat(JoeConfigLoader.fromFlags("http://127.0.0.1:2345", "shop", null, null, Map.of("JOE_TOKEN", "t"))
                .server().port()).isEqualTo(2400);
    }

    @Test
    void flagsWithoutJoesTokenAreRefused() {
        assertThatThrownBy(() -> JoeConfigLoader.fromFlags("http://127.0.0.1:2345", "shop", null, null, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("the command line: server.token must be set");
    }
}
