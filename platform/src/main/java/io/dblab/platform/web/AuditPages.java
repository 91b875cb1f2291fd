package io.dblab.platform.web;

import io.dblab.platform.audit.Audit;
import io.dblab.platform.audit.AuditEntry;
import io.dblab.platform.audit.AuditExport;
import io.dblab.platform.audit.AuditFilter;
import io.dblab.platform.auth.Organizations;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** An organization's audit log, for its owners and admins: filters by day, actor and action, and CSV and JSON exports. */
public final class AuditPages implements WebFeature {
    /** Rows the page shows; the exports have up to {@link Audit#MAX_ROWS}. */
    static final int PAGE_ROWS = 500;
    private final Pages pages;
    private final Audit audit;

    public AuditPages(Pages pages, Audit audit) {
        this.pages = pages;
        this.audit = audit;
    }

    @Override
    public void routes(RoutesConfig routes) {
        routes.get("/orgs/{org}/audit", this::show);
        routes.get("/orgs/{org}/audit.csv", ctx -> export(ctx, "csv"));
        routes.get("/orgs/{org}/audit.json", ctx -> export(ctx, "json"));
    }

    @Override
    public List<OrgPage> orgPages() {
        return List.of(new OrgPage("Audit log", "/audit"));
    }

    private void show(Context ctx) {
        Organizations.Organization org = organization(ctx);
        AuditFilter filter = AuditFilter.from(ctx::queryParam);
        String query = query(filter);
        pages.render(ctx, "audit.jte", pages.orgFrame(ctx, org.name() + ": audit log", org), Map.of(
                "filter", filter, "entries", audit.read(org.id(), filter, PAGE_ROWS),
                "csv", "/orgs/" + org.id() + "/audit.csv" + query, "json", "/orgs/" + org.id() + "/audit.json" + query));
    }

    private void export(Context ctx, String format) {
        Organizations.Organization org = organization(ctx);
        List<AuditEntry> entries = audit.read(org.id(), AuditFilter.from(ctx::queryParam), Audit.MAX_ROWS);
        sendExport(ctx, org.id(), format, entries);
    }

    /** Sends rows as a download, {@code audit-org<id>.<format>}; the API's export answers the same way. */
    public static void sendExport(Context ctx, long organizationId, String format,
                                  List<AuditEntry> entries) {
        ctx.header("Content-Disposition", "attachment; filename=\"audit-org" + organizationId + "." + format + "\"")
                .header("X-Content-Type-Options", "nosniff").header("Cache-Control", "no-store");
        if (format.equals("csv")) {
            ctx.contentType("text/csv; charset=utf-8").result(AuditExport.csv(entries));
        } else {
            ctx.json(AuditExport.json(entries));
        }
    }

    private Organizations.Organization organization(Context ctx) {
        return pages.organizations().manage(pages.caller(ctx).principal(), Pages.id(ctx, "org")).organization();
    }

    private static String query(AuditFilter filter) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        add(query, "from", filter.from());
        add(query, "to", filter.to());
        add(query, "actor", filter.actor());
        add(query, "action", filter.action());
        return query.toString();
    }

    private static void add(StringJoiner query, String name, Object value) {
        if (value != null) {
            query.add(name + "=" + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
        }
    }
}
