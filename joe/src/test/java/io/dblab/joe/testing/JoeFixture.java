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

    public static JoeConfig config(EngineFixture engine, Path stateDir) {
        return config(engine, stateDir, new JoeConfig.Sessions(null, null, SESSION_KEY), null, false);
    }

    public static Joe start(JoeConfig config) {
        return Joe.start(config);
    }

    /** Stops Joe, then the engine, then deletes the state directory, each also when the one before failed; nulls are skipped. */
    public static void stop(Joe joe, EngineFixture engine, Path stateDir) {
        try {
            if (joe != null) {
                joe.close();
            }
        } finally {
            try {
                if (engine != null) {
                    engine.close();
                }
            } finally {
                TempDirs.deleteRecursively(stateDir);
            }
        }
    }
}
