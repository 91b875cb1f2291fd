package io.dblab.platform.joe;

import io.dblab.platform.auth.Caller;
import io.dblab.platform.auth.Organizations;
import io.dblab.platform.web.OrgPage;
import io.dblab.platform.web.Pages;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An organization's Joe pages: its registered instances with a chat form that sends a command to one as
 * the signed-in person (the answer swapped in by htmx, or a whole page without script), and the history
 * Joe reported, filtered by Joe's user, with the admins' buttons to clear it and to turn it off or on.
 */
final class JoePages {
    private final Pages pages;
    private final JoeInstances instances;
    private final JoeHistory history;
    private final JoeActions actions;

    JoePages(Pages pages, JoeInstances instances, JoeHistory history, JoeActions actions) {
        this.pages = pages;
        this.instances = instances;
        this.history = history;
        this.actions = actions;
    }

    void routes(RoutesConfig routes) {
        routes.get("/orgs/{org}/joe", ctx -> chat(ctx, null, null));
        routes.post("/orgs/{org}/joe/chat", this::send);
        routes.get("/orgs/{org}/joe/history", this::history);
        routes.post("/orgs/{org}/joe/history/clear", ctx -> {
            actions.clearHistory(pages.caller(ctx), Pages.id(ctx, "org"));
            ctx.redirect(historyPath(ctx), HttpStatus.SEE_OTHER);
        });
        routes.post("/orgs/{org}/joe/history/switch", ctx -> {
            actions.switchHistory(pages.caller(ctx), Pages.id(ctx, "org"), "on".equals(ctx.formParam("history")));
            ctx.redirect(historyPath(ctx), HttpStatus.SEE_OTHER);
        });
    }

    List<OrgPage> orgPages() {
        return List.of(new OrgPage("Joe", "/joe"), new OrgPage("Joe history", "/joe/history"));
    }

    private void send(Context ctx) {
        Caller caller = pages.caller(ctx);
        long org = Pages.id(ctx, "org");
        long instance = instanceId(ctx.formParam("joe"));
        String text = ctx.formParam("text");
        JoeCaller.JoeAnswer answer = actions.chat(caller, org, instance, text);
        if (ctx.header("HX-Request") != null) {
            pages.fragment(ctx, "joeAnswer.jte", Map.of("answer", answer));
        } else {
            chat(ctx, answer, text);
        }
    }

    private void chat(Context ctx, JoeCaller.JoeAnswer answer, String typed) {
        Organizations.Organization org = organization(ctx).organization();
        Map<String, Object> params = new HashMap<>();
        params.put("instances", instances.list(org.id()));
        params.put("answer", answer);
        params.put("typed", typed == null ? "" : typed);
        params.put("base", "/orgs/" + org.id() + "/joe");
        pages.render(ctx, "joe.jte", pages.orgFrame(ctx, org.name() + ": Joe", org), params);
    }

    private void history(Context ctx) {
        Organizations.Membership membership = organization(ctx);
        Organizations.Organization org = membership.organization();
        String user = ctx.queryParam("user") == null ? "" : ctx.queryParam("user").strip();
        Map<String, Object> params = new HashMap<>();
        params.put("entries", history.list(org.id(), user));
        params.put("user", user);
        params.put("enabled", history.enabled(org.id()));
        params.put("manages", membership.role().manages());
        params.put("base", "/orgs/" + org.id() + "/joe/history");
        pages.render(ctx, "joeHistory.jte", pages.orgFrame(ctx, org.name() + ": Joe history", org), params);
    }

    private Organizations.Membership organization(Context ctx) {
        return pages.organizations().access(pages.caller(ctx).principal(), Pages.id(ctx, "org"));
    }

    private static String historyPath(Context ctx) {
        return "/orgs/" + Pages.id(ctx, "org") + "/joe/history";
    }

    /** The form's Joe: an ID, else no such Joe (404, like one of another organization). */
    private static long instanceId(String value) {
        try {
            return Long.parseLong(value == null ? "" : value.strip());
        } catch (NumberFormatException e) {
            throw io.dblab.platform.auth.Refusal.notFound("no such Joe instance: " + value);
        }
    }
}
