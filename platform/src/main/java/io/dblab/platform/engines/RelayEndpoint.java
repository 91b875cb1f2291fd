package io.dblab.platform.engines;

import com.fasterxml.jackson.databind.JsonNode;
import io.dblab.client.Json;
import io.dblab.client.control.ControlOperations;
import io.dblab.client.model.ApiError;
import io.dblab.client.transport.EngineReply;
import io.dblab.client.transport.EngineTransport;
import io.dblab.platform.web.Pages;
import io.dblab.platform.web.WebFeature;
import io.dblab.tunnel.server.TunnelHub;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where another instance sends a request for an engine whose tunnel this instance holds. It carries
 * no cookie and no API token but a {@link RelayTicket}; only the Platform's allowed operations pass
 * (the engine checks them again). PUT: not a form's method, so the pages' CSRF check, which is about
 * cookies, does not apply to it. The answer is the engine's, whatever its status, or 502 with why not.
 */
final class RelayEndpoint implements WebFeature {
    static final String PATH_PREFIX = "/tunnel-relay/";
    private static final Logger LOG = LoggerFactory.getLogger(RelayEndpoint.class);
    private final TunnelHub hub;
    private final Optional<RelayTicket> tickets;

    RelayEndpoint(TunnelHub hub, Optional<RelayTicket> tickets) {
        this.hub = hub;
        this.tickets = tickets;
    }

    @Override
    public void routes(RoutesConfig routes) {
        routes.put(PATH_PREFIX + "{engine}", this::relay);
    }

    private void relay(Context ctx) {
        long engineId = Pages.id(ctx, "engine");
        JsonNode request = Json.object(ctx.body()).orElse(Json.mapper().createObjectNode());
        String method = request.path("method").asText();
        String path = request.path("path").asText();
        String body = request.path("body").isTextual() ? request.path("body").asText() : null;
        String ticket = ctx.header(RelayTicket.HEADER);
        if (tickets.isEmpty() || ticket == null || !tickets.get().admits(ticket, engineId, method, path, body)) {
            LOG.info("refused a relay for engine {} from {}", engineId, ctx.ip());
            ctx.status(401).json(new ApiError(ApiError.UNAUTHORIZED, "this relay request is not from an instance of this Platform"));
            return;
        }
        if (!ControlOperations.permits(method, path)) {
            ctx.status(403).json(new ApiError("FORBIDDEN", method + " " + path + " is not an operation the Platform may ask for"));
            return;
        }
        Optional<EngineTransport> tunnel = hub.transport(Engine.tunnelId(engineId));
        if (tunnel.isEmpty()) {
            ctx.status(502).json(new ApiError("ENGINE_UNREACHABLE", "engine " + engineId + " is not connected to this instance"));
            return;
        }
        try {
            EngineReply reply = tunnel.get().exchange(method, path, body);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("status", reply.status());
            answer.put("contentType", reply.contentType());
            answer.put("body", reply.body());
            ctx.header("Cache-Control", "no-store").json(answer);
        } catch (IOException e) {
            ctx.status(502).json(new ApiError("ENGINE_UNREACHABLE", e.getMessage()));
        }
    }
}
