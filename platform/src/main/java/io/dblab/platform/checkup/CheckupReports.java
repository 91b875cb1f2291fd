package io.dblab.platform.checkup;

import io.dblab.platform.auth.Refusal;
import io.dblab.platform.storage.Jdbc;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Uploaded checkup reports per organization: listed per project, newest first; the HTML view read alone. */
public final class CheckupReports {
    /** The most reports a page lists. */
    static final int PAGE_ROWS = 500;
    private final Jdbc db;

    public record Report(long id, String project, Instant reportedAt, Instant uploadedAt, String uploadedBy, int p1, int p2,
                         int p3, boolean hasHtml) {
    }

    public CheckupReports(Jdbc db) {
        this.db = db;
    }

    public long add(long organizationId, ReportUpload upload, String uploadedBy) {
        return db.insert("INSERT INTO checkup_reports (organization_id, project, reported_at, uploaded_by, p1, p2, p3,"
                        + " json_files, html) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)", organizationId, upload.project(),
                upload.reportedAt(), uploadedBy, upload.p1(), upload.p2(), upload.p3(), upload.jsonFiles(), upload.html());
    }

    /** The organization's reports, of one project when {@code project} is given. */
    public List<Report> list(long organizationId, String project) {
        StringBuilder sql = new StringBuilder(SELECT + " WHERE organization_id = ?");
        List<Object> params = new ArrayList<>(List.of(organizationId));
        if (project != null && !project.isBlank()) {
            sql.append(" AND project = ?");
            params.add(project.strip());
        }
        sql.append(" ORDER BY project, reported_at DESC, id DESC LIMIT ").append(PAGE_ROWS);
        return db.list(sql.toString(), CheckupReports::report, params.toArray());
    }

    /** The organization's report; 404 for one of another organization or none. */
    public Report get(long organizationId, long id) {
        return db.one(SELECT + " WHERE organization_id = ? AND id = ?", CheckupReports::report, organizationId, id)
                .orElseThrow(() -> Refusal.notFound("no such checkup report: " + id));
    }

    public Optional<String> html(long organizationId, long id) {
        return db.one("SELECT html FROM checkup_reports WHERE organization_id = ? AND id = ?", row -> row.getString("html"),
                organizationId, id).filter(html -> html != null);
    }

    private static final String SELECT = "SELECT id, project, reported_at, uploaded_at, uploaded_by, p1, p2, p3,"
            + " html IS NOT NULL AS has_html FROM checkup_reports";

    private static Report report(java.sql.ResultSet row) throws java.sql.SQLException {
        return new Report(row.getLong("id"), row.getString("project"), Jdbc.instant(row, "reported_at"),
                Jdbc.instant(row, "uploaded_at"), row.getString("uploaded_by"), row.getInt("p1"), row.getInt("p2"),
                row.getInt("p3"), row.getBoolean("has_html"));
    }
}
