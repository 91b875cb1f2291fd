package io.dblab.engine;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/**
 * {@code global.debug}: the engine's own loggers ({@code io.dblab}) at DEBUG, or back to the level
 * they inherit; the libraries' loggers keep theirs. Changed at start and by {@code POST /admin/config}.
 */
final class EngineLogLevel {
    private static final String ENGINE_LOGGERS = "io.dblab";

    private EngineLogLevel() {}

    static void debug(boolean on) {
        // another slf4j backend (an embedding application's) keeps its own configuration
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger(ENGINE_LOGGERS).setLevel(on ? Level.DEBUG : null);
        }
    }
}
