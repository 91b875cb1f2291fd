package io.dblab.platform.joe;

import io.dblab.platform.api.ApiRoutes;
import io.dblab.platform.audit.Actor;
import io.dblab.platform.audit.Audit;
import io.dblab.platform.audit.AuditEvent;
import io.dblab.platform.auth.Principal;
import io.dblab.platform.auth.Refusal;
import io.dblab.platform.http.JsonBody;
import io.dblab.platform.web.Pages;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What Joe instances call, with an organization's API token: {@code POST /api/joe/instances} registers one
 * (name, address, command token), {@code POST /api/joe/instances/{id}/history} reports a command. Every
 * reported command gets its audit row (who, which command, outcome; never what was typed); the entry
 * itself is kept only while the organization's history is on.
 */
final class JoeApi {
    private static final List<String> OUTCOMES = List.of("OK", "FAILED", "REFUSED", "UNAVAILABLE");
    private final JoeInstances instances;
    private final JoeHistory history;
    private final Audit audit;

    JoeApi(JoeInstances instances, JoeHistory history, Audit audit) {
        this.instances = instances;
        this.history = history;
        this.audit = audit;
    }

    void routes(RoutesConfig routes) {
        routes.post(ApiRoutes.PREFIX + "joe/instances", this::register);
        routes.post(ApiRoutes.PREFIX + "joe/instances/{joe}/history", this::report);
    }

    private void register(Context ctx) {
        Principal principal = organizationToken(ctx);
        JsonBody body = JsonBody.parse(ctx.body(), "{\"name\": ..., \"url\": ..., \"token\": ...}");
        String name = body.text("name", 100);
        String url = body.text("url", 2000);
        long org = principal.organizationId();
        long id = instances.register(org, name, url, body.text("token", 200), principal.name());
        audit.record(AuditEvent.of(principal.actor(), "joe.register").in(org).target("joe " + name.strip()).from(ctx.ip())
                .detail("url", url));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("historyEnabled", history.enabled(org));
        ctx.status(201).json(out);
    }

    private void report(Context ctx) {
        long org = organizationToken(ctx).organizationId();
        JoeInstances.Instance instance = instances.get(org, Pages.id(ctx, "joe"));
        JsonBody body = JsonBody.parse(ctx.body(), "a history entry {time, user, channel, command, outcome, typed, text, plan, summary}");
        String outcome = body.text("outcome", 20);
        if (!OUTCOMES.contains(outcome)) {
            throw Refusal.badRequest("'outcome' must be one of " + OUTCOMES);
        }
        JoeHistory.Entry entry = new JoeHistory.Entry(0, instance.name(), body.instant("time"), body.text("user", 200),
                body.text("channel", 200), body.text("command", 100), outcome, body.optionalText("typed", 100_000),
                body.optionalText("text", 200_000), body.optionalText("plan", 200_000), body.optionalText("summary", 10_000));
        boolean kept = history.add(org, instance, entry);
        instances.seen(instance.id());
        audit.record(AuditEvent.of(new Actor(entry.user(), null), "joe.command").in(org).target("joe " + instance.name())
                .result(result(outcome)).from(ctx.ip()).detail("command", CommandKind.of(entry.command())).detail("channel", entry.channel())
                .detail("outcome", outcome.toLowerCase(Locale.ROOT)).detail("historyKept", kept));
        ctx.status(kept ? 201 : 202).json(Map.of("kept", kept));
    }

    static AuditEvent.Result result(String outcome) {
        return switch (outcome.toUpperCase(Locale.ROOT)) {
            case "OK" -> AuditEvent.Result.OK;
            case "REFUSED" -> AuditEvent.Result.DENIED;
            default -> AuditEvent.Result.FAILED;
        };
    }

    /** Joe acts for an organization: a person's token would leave open which one. */
    private static Principal organizationToken(Context ctx) {
        Principal principal = ApiRoutes.principal(ctx);
        if (principal.organizationId() == null) {
            throw Refusal.forbidden("Joe registers and reports with an organization's API token (made on the"
                    + " organization's Tokens page), not a person's");
        }
        return principal;
    }
}
