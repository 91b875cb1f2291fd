package io.dblab.platform.web;

import io.dblab.platform.auth.AccessActions;
import io.dblab.platform.auth.Caller;
import io.dblab.platform.auth.Organizations;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The person's organizations, and an organization's members: add (a new person's password shown once), change role, remove. */
public final class OrganizationPages implements WebFeature {
    private final Pages pages;
    private final AccessActions actions;

    public OrganizationPages(Pages pages, AccessActions actions) {
        this.pages = pages;
        this.actions = actions;
    }

    @Override
    public void routes(RoutesConfig routes) {
        routes.get("/orgs", this::list);
        routes.post("/orgs", ctx -> ctx.redirect("/orgs/" + actions.createOrganization(pages.caller(ctx), ctx.formParam("name")),
                HttpStatus.SEE_OTHER));
        routes.get("/orgs/{org}", ctx -> members(ctx, null));
        routes.post("/orgs/{org}/members", this::add);
        routes.post("/orgs/{org}/members/{user}/role", ctx -> {
            actions.changeRole(pages.caller(ctx), Pages.id(ctx, "org"), Pages.id(ctx, "user"), ctx.formParam("role"));
            ctx.redirect("/orgs/" + Pages.id(ctx, "org"), HttpStatus.SEE_OTHER);
        });
        routes.post("/orgs/{org}/members/{user}/remove", ctx -> {
            actions.removeMember(pages.caller(ctx), Pages.id(ctx, "org"), Pages.id(ctx, "user"));
            ctx.redirect("/orgs/" + Pages.id(ctx, "org"), HttpStatus.SEE_OTHER);
        });
    }

    @Override
    public List<OrgPage> orgPages() {
        return List.of(new OrgPage("Members", ""));
    }

    private void list(Context ctx) {
        Caller caller = pages.caller(ctx);
        pages.render(ctx, "organizations.jte", pages.frame(ctx, "Organizations"),
                Map.of("memberships", pages.organizations().of(caller.principal())));
    }

    private void add(Context ctx) {
        AccessActions.AddedMember added = actions.addMember(pages.caller(ctx), Pages.id(ctx, "org"), ctx.formParam("email"),
                ctx.formParam("role"));
        members(ctx, added);
    }

    private void members(Context ctx, AccessActions.AddedMember added) {
        Organizations.Membership membership = pages.organizations().access(pages.caller(ctx).principal(), Pages.id(ctx, "org"));
        Organizations.Organization org = membership.organization();
        Map<String, Object> params = new HashMap<>();
        params.put("membership", membership);
        params.put("members", pages.organizations().members(org.id()));
        params.put("added", added);
        pages.render(ctx, "members.jte", pages.orgFrame(ctx, org.name() + ": members", org), params);
    }
}
