package io.dblab.joe.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dblab.client.Json;
import io.dblab.client.model.ApiError;
import io.dblab.joe.command.Answer;
import io.dblab.joe.command.ChatCommands;
import io.dblab.joe.config.JoeConfig;
import io.dblab.joe.frontend.CommandDesk;
import io.dblab.joe.history.History;
import io.dblab.joe.web.ChatPage;
import io.dblab.serverkit.http.ApiBase;
import io.dblab.serverkit.http.HttpLimits;
import io.dblab.serverkit.http.Listener;
import io.dblab.serverkit.http.TokenCheck;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joe's HTTP server: the API, where {@code POST /api/commands} runs what a person typed in chat and
 * flame graphs and history are read, and the web chat page ({@link ChatPage}), which runs commands the
 * same way. Every {@code /api} path wants {@code Authorization: Bearer <token>}, compared in constant
 * time; the API's errors are {@code {code, message}} as in the engine's API, the page's are HTML. Both are
 * under the same limits on slow and greedy clients, on one listener that speaks TLS when configured.
 */
public final class JoeServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JoeServer.class);
    static final long MAX_BODY_BYTES = 64 * 1024;
    private static final String BEARER = "Bearer ";
    private static final String COMMANDS = "/api/commands";

    private final JoeConfig.Server config;
    private final CommandDesk desk;
    private final TokenCheck token;
    private final Optional<TokenCheck> commandToken;
    private final ChatPage chatPage;
    private final ObjectMapper json = Json.mapper();
    private final HttpLimits limits = new HttpLimits();
    private final List<Consumer<JavalinConfig>> frontEnds;
    private Javalin app;

    public JoeServer(JoeConfig.Server config, ChatCommands chat, Clock clock) {
        this(config, chat, clock, List.of(), Optional.empty());
    }

    /**
     * {@code frontEnds} add their routes outside {@code /api} and the chat page (Slack's endpoint),
     * with their own authentication; errors there are answered like the API's. {@code commandToken}, when
     * given, is a second token that opens {@code POST /api/commands} and nothing else: the Platform's.
     */
    public JoeServer(JoeConfig.Server config, ChatCommands chat, Clock clock, List<Consumer<JavalinConfig>> frontEnds,
                     Optional<String> commandToken) {
        this.config = config;
        this.desk = new CommandDesk(chat);
        this.token = new TokenCheck(config.token());
        this.commandToken = commandToken.map(TokenCheck::new);
        this.chatPage = new ChatPage(token, desk, config.tls().enabled(), clock);
        this.frontEnds = List.copyOf(frontEnds);
    }

    public JoeServer start() {
        app = Javalin.create(cfg -> {
            ApiBase.configure(cfg, json, MAX_BODY_BYTES, new Listener(config.host(), config.port(), config.tls().certFile(),
                    config.tls().keyFile()), limits);
            cfg.routes.before(this::authenticate);
            cfg.routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
            cfg.routes.post(COMMANDS, this::command);
            cfg.routes.get("/api/flamegraphs/{id}", desk.flameGraphs()::serve);
            cfg.routes.get("/api/history", this::readHistory);
            cfg.routes.delete("/api/history", this::clearHistory);
            chatPage.addRoutes(cfg.routes);
            frontEnds.forEach(frontEnd -> frontEnd.accept(cfg));
            cfg.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), ApiError.codeFor(e.getStatus()),
                    e.getStatus() == 413 ? "request body too large: the limit is " + MAX_BODY_BYTES / 1024 + " KiB" : e.getMessage()));
            cfg.routes.exception(IOException.class, (e, ctx) -> {
                LOG.info("request {} {} from {} ended: {}", ctx.method(), ctx.path(), ctx.ip(), e.getMessage());
                error(ctx, 400, ApiError.BAD_REQUEST, "request could not be read");
            });
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("request {} {} failed", ctx.method(), ctx.path(), e);
                error(ctx, 500, ApiError.INTERNAL_ERROR, "internal error; see Joe's log");
            });
            cfg.routes.error(404, ctx -> {
                if (ctx.result() == null) {
                    error(ctx, 404, ApiError.NOT_FOUND, "no such path: " + ctx.path());
                }
            });
            cfg.routes.error(405, ctx -> error(ctx, 405, ApiError.BAD_REQUEST,
                    "method " + ctx.method() + " is not allowed on " + ctx.path()));
        });
        app.start();
        LOG.info("Joe's API listening on {}://{}:{} (chat page: {})", config.tls().enabled() ? "https" : "http",
                config.host(), port(), ChatPage.PATH);
        return this;
    }

    public int port() {
        return app.jettyServer().server().getConnectors().length == 0 ? -1
                : ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort();
    }

    @Override
    public void close() {
        if (app != null) {
            app.stop();
        }
    }

    private void authenticate(Context ctx) {
        if (!ctx.path().startsWith("/api/")) {
            return;
        }
        String header = ctx.header("Authorization");
        String presented = header != null && header.startsWith(BEARER) ? header.substring(BEARER.length()) : null;
        boolean commandsOnly = ctx.method().name().equals("POST") && ctx.path().equals(COMMANDS)
                && commandToken.filter(t -> t.matches(presented)).isPresent();
        if (presented == null || !(token.matches(presented) || commandsOnly)) {
            throw new HttpResponseException(401, "missing or wrong token: send Authorization: Bearer <JOE_TOKEN>");
        }
    }

    private void command(Context ctx) throws IOException {
        JsonNode body;
        try {
            body = json.readTree(ctx.body());
        } catch (IOException e) {
            throw new HttpResponseException(400, "the body is not JSON: send {\"user\": ..., \"channel\": ..., \"text\": ...}");
        }
        if (body == null || !body.isObject()) {
            throw new HttpResponseException(400, "the body must be a JSON object with user, channel and text");
        }
        CommandDesk.Reply reply = desk.run(textField(body, "user"), textField(body, "channel"), textField(body, "text"));
        String link = reply.flameGraphId().map(id -> "/api/flamegraphs/" + id).orElse(null);
        ctx.status(status(reply.answer())).json(AnswerJson.of(reply.answer(), link, json));
    }

    private void readHistory(Context ctx) {
        History history = history();
        String user = requiredParam(ctx, "user");
        String channel = requiredParam(ctx, "channel");
        ctx.json(Map.of("entries", history.of(user, channel)));
    }

    /** {@code ?user=U[&channel=C]}: one person's entries; {@code ?all=true}: everyone's, said explicitly. */
    private void clearHistory(Context ctx) {
        History history = history();
        boolean all = "true".equals(ctx.queryParam("all"));
        if (ctx.queryParam("all") != null && !all) {
            throw new HttpResponseException(400, "query parameter 'all' can only be true");
        }
        if (all && (ctx.queryParam("user") != null || ctx.queryParam("channel") != null)) {
            throw new HttpResponseException(400, "send either all=true or user (and channel), not both");
        }
        int deleted;
        if (all) {
            deleted = history.clearAll();
        } else {
            String user = requiredParam(ctx, "user", " (or all=true for everyone's history)");
            deleted = history.clear(user, Optional.ofNullable(ctx.queryParam("channel")).filter(c -> !c.isBlank()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("deleted", deleted);
        ctx.json(out);
    }

    private History history() {
        return desk.chat().history().orElseThrow(() -> new HttpResponseException(404, "history is turned off in Joe's configuration"));
    }

    private static int status(Answer answer) {
        return switch (answer.outcome()) {
            case OK, FAILED -> 200;
            case REFUSED -> 429;
            case UNAVAILABLE -> 503;
        };
    }

    /** A string field's value; null for one that is missing or not a string, which {@link CommandDesk} refuses. */
    private static String textField(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    private static String requiredParam(Context ctx, String name) {
        return requiredParam(ctx, name, "");
    }

    private static String requiredParam(Context ctx, String name, String otherwise) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            throw new HttpResponseException(400, "query parameter '" + name + "' is required" + otherwise);
        }
        return value;
    }

    private void error(Context ctx, int status, String code, String message) {
        if (ChatPage.serves(ctx.path())) {
            chatPage.refuse(ctx, status, message);
        } else {
            ctx.status(status).json(new ApiError(code, message));
        }
    }
}
