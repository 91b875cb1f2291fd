package io.dblab.joe.testing;

import io.dblab.engine.EngineFixture;
import io.dblab.joe.Joe;
import io.dblab.joe.config.JoeConfig;
import io.dblab.testkit.FreePorts;
import io.dblab.testkit.TempDirs;
import java.nio.file.Path;
import java.util.List;

/** Joe configurations for tests against an {@link EngineFixture}: one engine for every channel, state in a given directory. */
public final class JoeFixture {
    public static final String TOKEN = "joe-test-token-4f9a2c71e8";
    public static final String SESSION_KEY = "joe-test-session-key-0b1e6d";

    private JoeFixture() {
    }

    public static JoeConfig config(EngineFixture engine, Path stateDir, JoeConfig.Sessions sessions, JoeConfig.Limits limits,
                                   boolean strictMode) {
        return config("http://127.0.0.1:" + engine.apiPort(), null, stateDir, sessions, limits, strictMode);
    }

    /** Joe with an engine at {@code engineUrl}, which need not answer for commands that need no clone. */
    public static JoeConfig config(String engineUrl, Path stateDir, JoeConfig.Sessions sessions, JoeConfig.Limits limits,
                                   boolean strictMode) {
        return config(engineUrl, null, stateDir, sessions, limits, strictMode);
    }

    /**
     * Joe configured with an engine that is not there (a free port), for tests whose commands never reach
     * one: {@code help}, the chat page's sign-in and CSRF checks. With {@code tls}, Joe speaks HTTPS.
     */
    public static JoeConfig withoutEngine(Path stateDir, JoeConfig.Tls tls) {
        return config("http://127.0.0.1:" + FreePorts.next(), tls, stateDir, new JoeConfig.Sessions(null, null, SESSION_KEY),
                null, false);
    }

    private static JoeConfig config(String engineUrl, JoeConfig.Tls tls, Path stateDir, JoeConfig.Sessions sessions,
                                    JoeConfig.Limits limits, boolean strictMode) {
        return new JoeConfig(new JoeConfig.Server("127.0.0.1", FreePorts.next(), TOKEN, tls, false),
                List.of(new JoeConfig.Engine("test", engineUrl, EngineFixture.TOKEN)),
                List.of(new JoeConfig.Channel(JoeConfig.ANY_CHANNEL, "test", "postgres")),
                sessions, limits, null, null, strictMode, null, stateDir.toString());
    }

    /** The configuration with other history and audit sections. */
    public static JoeConfig withRecords(JoeConfig c, JoeConfig.History history, JoeConfig.Audit audit) {
        return new JoeConfig(c.server(), c.engines(), c.channels(), c.sessions(), c.limits(), history, audit,
                c.strictMode(), c.insights(), c.stateDir());
    }

    /** The configuration serving HTTPS with this PEM certificate chain and PKCS#8 key. */
    public static JoeConfig withTls(JoeConfig c, Path certFile, Path keyFile) {
        JoeConfig.Server s = c.server();
        return new JoeConfig(new JoeConfig.Server(s.host(), s.port(), s.token(),
                new JoeConfig.Tls(certFile.toString(), keyFile.toString()), s.allowInsecureHttp()),
                c.engines(), c.channels(), c.sessions(), c.limits(), c.history(), c.audit(), c.strictMode(),
                c.insights(), c.stateDir());
    }

    public static JoeConfig config(EngineFixture engine, Path stateDir) {
        return config(engine, stateDir, new JoeConfig.Sessions(null, null, SESSION_KEY), null, false);
    }

    public static Joe start(JoeConfig config) {
        return Joe.start(config);
    }

    /** Stops what a test started, each part even when one before it fails to stop; nulls (never started) are skipped. */
    public static void stopAll(Joe joe, AutoCloseable frontEnd, EngineFixture engine, Path stateDir) throws Exception {
        // closed in reverse order: Joe, the front end (a Slack stand-in, a browser), the state directory's files, the engine
        try (EngineFixture e = engine;
             AutoCloseable files = () -> TempDirs.deleteRecursively(stateDir);
             AutoCloseable f = frontEnd;
             Joe j = joe) {
            // only closing
        }
    }
}
