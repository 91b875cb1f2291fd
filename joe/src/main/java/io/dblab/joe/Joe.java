package io.dblab.joe;

import io.dblab.client.DblabClient;
import io.dblab.joe.api.JoeServer;
import io.dblab.joe.command.ChatCommands;
import io.dblab.joe.command.CommandRunner;
import io.dblab.joe.command.CommandSettings;
import io.dblab.joe.command.Quota;
import io.dblab.joe.config.JoeConfig;
import io.dblab.joe.history.AuditLog;
import io.dblab.joe.history.History;
import io.dblab.joe.platform.PlatformLink;
import io.dblab.joe.session.ClonePasswords;
import io.dblab.joe.session.SessionManager;
import io.dblab.joe.session.SessionStore;
import io.dblab.joe.slack.SlackEvents;
import io.dblab.serverkit.StartupException;
import io.javalin.config.JavalinConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** A running Joe: sessions on the configured engines, commands, history and audit log, and the HTTP API. */
public final class Joe implements AutoCloseable {
    private static final Duration ENGINE_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private final SessionManager sessions;
    private final Optional<History> history;
    private final JoeServer server;
    private final Optional<SlackEvents> slack;
    private final Optional<PlatformLink> platform;

    private Joe(SessionManager sessions, Optional<History> history, JoeServer server, Optional<SlackEvents> slack,
                Optional<PlatformLink> platform) {
        this.sessions = sessions;
        this.history = history;
        this.server = server;
        this.slack = slack;
        this.platform = platform;
    }

    public static Joe start(JoeConfig config) {
        return start(config, Clock.systemUTC());
    }

    public static Joe start(JoeConfig config, Clock clock) {
        Path stateDir = Path.of(config.stateDir());
        createPrivateDirectory(stateDir);
        Map<String, DblabClient> engines = new LinkedHashMap<>();
        for (JoeConfig.Engine engine : config.engines()) {
            engines.put(engine.name(), new DblabClient(URI.create(engine.url()), engine.token(), ENGINE_REQUEST_TIMEOUT,
                    false, "check engine '" + engine.name() + "' and its token in Joe's configuration (DBLAB_TOKEN)"));
        }
        SessionManager sessions = new SessionManager(config, engines, new SessionStore(stateDir),
                ClonePasswords.of(config.sessions().key()), clock).start();
        Optional<History> history = config.history().enabled()
                ? Optional.of(new History(stateDir.resolve("history.jsonl"), config.history().kept(), clock).start())
                : Optional.empty();
        Optional<PlatformLink> platform = config.platformLink().map(p -> new PlatformLink(p, config.advertisedUrl()));
        try {
            CommandRunner runner = new CommandRunner(sessions, new CommandSettings(config.limits().statement(),
                    config.strictMode(), config.insights().thresholds()));
            Optional<AuditLog> audit = config.audit().enabled() ? Optional.of(new AuditLog(config.auditFile())) : Optional.empty();
            ChatCommands chat = new ChatCommands(runner, new Quota(config.limits().quota().requests(),
                    config.limits().quota().window(), clock), history, audit,
                    entry -> platform.ifPresent(link -> link.send(entry)), clock);
            Optional<SlackEvents> slack = config.slackEndpoint().map(s -> new SlackEvents(s, chat, clock));
            List<Consumer<JavalinConfig>> frontEnds = new ArrayList<>();
            slack.ifPresent(s -> frontEnds.add(s::addRoutes));
            JoeServer server = new JoeServer(config.server(), chat, clock, frontEnds,
                    platform.map(PlatformLink::commandToken));
            try {
                server.start();
            } catch (RuntimeException e) {
                slack.ifPresent(SlackEvents::close);
                throw new StartupException("cannot listen on " + config.server().host() + ":" + config.server().port()
                        + " (" + e.getMessage() + ")", "choose another server.port (--port) or stop what uses it", e);
            }
            // registers once Joe answers on its port, so the Platform's first command finds it listening
            platform.ifPresent(PlatformLink::start);
            return new Joe(sessions, history, server, slack, platform);
        } catch (RuntimeException e) {
            sessions.close();
            history.ifPresent(History::close);
            throw e;
        }
    }

    public int port() {
        return server.port();
    }

    public SessionManager sessions() {
        return sessions;
    }

    /** Stops serving; the sessions' clones stay, for the next Joe to take up. */
    @Override
    public void close() {
        platform.ifPresent(PlatformLink::close);
        server.close();
        slack.ifPresent(SlackEvents::close);
        sessions.close();
        history.ifPresent(History::close);
    }

    private static void createPrivateDirectory(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
        } catch (IOException e) {
            throw new StartupException("cannot create Joe's state directory " + dir + " (" + StartupException.reason(e) + ")",
                    "set stateDir to a directory Joe can write");
        }
    }
}
