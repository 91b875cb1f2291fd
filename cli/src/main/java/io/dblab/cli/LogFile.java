package io.dblab.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import io.dblab.serverkit.StartupException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Copies a server's log into a file in its state directory ({@code engine.log}, {@code joe.log}), so
 * operators find it next to the state and audit log whatever happened to the terminal the server was
 * started from.
 */
public final class LogFile {
    private LogFile() {}

    public static void attach(Path stateDir, String fileName) {
        try {
            Files.createDirectories(stateDir);
        } catch (IOException e) {
            throw new StartupException("cannot create the state directory " + stateDir + " ("
                    + StartupException.reason(e) + ")", "set stateDir to a directory this server can write", e);
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{20} - %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> file = new FileAppender<>();
        file.setContext(context);
        file.setName(fileName);
        file.setFile(stateDir.resolve(fileName).toString());
        file.setAppend(true);
        file.setEncoder(encoder);
        file.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(file);
    }

}
