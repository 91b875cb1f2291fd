package io.dblab.platform.checkup;

import io.dblab.client.model.ApiError;
import io.dblab.platform.api.ApiRoutes;
import io.dblab.platform.audit.Audit;
import io.dblab.platform.audit.AuditEvent;
import io.dblab.platform.auth.Organizations;
import io.dblab.platform.auth.Principal;
import io.dblab.platform.auth.Refusal;
import io.dblab.platform.server.Platform;
import io.dblab.platform.web.OrgPage;
import io.dblab.platform.web.Pages;
import io.dblab.platform.web.WebFeature;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checkup reports in the Platform: {@code POST /api/checkup/reports} takes an upload (an organization's
 * token, up to {@value #MAX_UPLOAD_MIB} MiB), the pages list them per project and show one. A report's HTML
 * is someone else's markup: it is served only with {@link #REPORT_POLICY} ({@code sandbox}: no script, an
 * opaque origin, nothing loaded from anywhere) and shown in a sandboxed frame, so a hostile report cannot act
 * in the Platform's origin or with the viewer's session.
 */
public final class CheckupPart implements WebFeature {
    static final int MAX_UPLOAD_MIB = 16;
    private static final long MAX_UPLOAD_BYTES = MAX_UPLOAD_MIB * 1024L * 1024;
    static final String REPORT_POLICY = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:;"
            + " font-src data:; form-action 'none'; base-uri 'none'; frame-ancestors 'self'";
    private final Pages pages;
    private final CheckupReports reports;
    private final Audit audit;

    public CheckupPart(Platform.Services services, Pages pages) {
        this.pages = pages;
        this.reports = new CheckupReports(services.db());
        this.audit = services.audit();
    }

    @Override
    public void routes(RoutesConfig routes) {
        routes.post(ApiRoutes.PREFIX + "checkup/reports", this::upload);
        routes.get("/orgs/{org}/checkups", this::list);
        routes.get("/orgs/{org}/checkups/{report}", this::show);
        routes.get("/orgs/{org}/checkups/{report}/report.html", this::html);
    }

    @Override
    public List<OrgPage> orgPages() {
        return List.of(new OrgPage("Checkups", "/checkups"));
    }

    private void upload(Context ctx) throws IOException {
        Principal principal = ApiRoutes.principal(ctx);
        if (principal.organizationId() == null) {
            throw Refusal.forbidden("upload reports with an organization's API token (made on the organization's Tokens"
                    + " page), not a person's");
        }
        String body = boundedBody(ctx);
        if (body == null) {
            ctx.status(413).json(new ApiError("PAYLOAD_TOO_LARGE", "the report is larger than the limit of "
                    + MAX_UPLOAD_MIB + " MiB"));
            return;
        }
        long org = principal.organizationId();
        AuditEvent event = AuditEvent.of(principal.actor(), "checkup.upload").in(org).from(ctx.ip());
        ReportUpload upload = audit.refusalsRecorded(event, () -> ReportUpload.parse(body));
        long id = reports.add(org, upload, principal.name());
        audit.record(event.target(upload.project()).detail("report", id).detail("p1", upload.p1()).detail("p2", upload.p2())
                .detail("p3", upload.p3()));
        Map<String, Object> out = new HashMap<>();
        out.put("id", id);
        out.put("project", upload.project());
        out.put("url", "/orgs/" + org + "/checkups/" + id);
        ctx.status(201).json(out);
    }

    /** The request's body as text, read past the API's usual limit up to the upload limit; null when it is larger. */
    private static String boundedBody(Context ctx) throws IOException {
        long declared = ctx.req().getContentLengthLong();
        if (declared > MAX_UPLOAD_BYTES) {
            return null;
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] bytes = in.readNBytes((int) MAX_UPLOAD_BYTES + 1);
            return bytes.length > MAX_UPLOAD_BYTES ? null : new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private void list(Context ctx) {
        Organizations.Organization org = organization(ctx);
        String project = ctx.queryParam("project") == null ? "" : ctx.queryParam("project").strip();
        Map<String, Object> params = new HashMap<>();
        params.put("reports", reports.list(org.id(), project));
        params.put("project", project);
        params.put("base", "/orgs/" + org.id() + "/checkups");
        pages.render(ctx, "checkups.jte", pages.orgFrame(ctx, org.name() + ": checkup reports", org), params);
    }

    private void show(Context ctx) {
        Organizations.Organization org = organization(ctx);
        CheckupReports.Report report = reports.get(org.id(), Pages.id(ctx, "report"));
        pages.renderWithFrame(ctx, "checkup.jte", pages.orgFrame(ctx, org.name() + ": checkup of " + report.project(), org),
                Map.of("report", report, "base", "/orgs/" + org.id() + "/checkups"));
    }

    private void html(Context ctx) {
        Organizations.Organization org = organization(ctx);
        String html = reports.html(org.id(), Pages.id(ctx, "report"))
                .orElseThrow(() -> Refusal.notFound("no HTML view of checkup report " + ctx.pathParam("report")));
        ctx.header("Content-Security-Policy", REPORT_POLICY).header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer").header("Cache-Control", "no-store")
                .header("Cross-Origin-Resource-Policy", "same-origin")
                .contentType("text/html; charset=utf-8").result(html);
    }

    private Organizations.Organization organization(Context ctx) {
        return pages.organizations().access(pages.caller(ctx).principal(), Pages.id(ctx, "org")).organization();
    }
}
