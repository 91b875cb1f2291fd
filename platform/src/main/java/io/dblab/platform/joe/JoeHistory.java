package io.dblab.platform.joe;

import io.dblab.platform.storage.Jdbc;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Joe's history per organization, and the organization's switch for it. With the switch off nothing of a
 * command is kept here (the audit log still has its row); clearing deletes every entry of the organization.
 */
public final class JoeHistory {
    /** The most entries a page shows. */
    public static final int PAGE_ROWS = 200;
    private final Jdbc db;

    /** One command as Joe reported it; {@code typed}, {@code answer}, {@code plan} and {@code summary} may be null. */
    public record Entry(long id, String instance, Instant at, String user, String channel, String command, String outcome,
                        String typed, String answer, String plan, String summary) {
    }

    public JoeHistory(Jdbc db) {
        this.db = db;
    }

    public boolean enabled(long organizationId) {
        return db.one("SELECT joe_history_enabled FROM organizations WHERE id = ?", row -> row.getBoolean(1), organizationId)
                .orElse(false);
    }

    public void enable(long organizationId, boolean on) {
        db.update("UPDATE organizations SET joe_history_enabled = ? WHERE id = ?", on, organizationId);
    }

    /** Keeps the entry when the organization's history is on; returns whether it was kept. */
    public boolean add(long organizationId, JoeInstances.Instance instance, Entry entry) {
        return db.update("INSERT INTO joe_history (organization_id, joe_instance_id, instance_name, at, joe_user, channel,"
                        + " command, outcome, typed, answer, plan, summary) SELECT id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
                        + " FROM organizations WHERE id = ? AND joe_history_enabled", instance.id(), instance.name(), entry.at(),
                entry.user(), entry.channel(), entry.command(), entry.outcome(), entry.typed(), entry.answer(), entry.plan(),
                entry.summary(), organizationId) == 1;
    }

    /** The newest entries, of one Joe user when {@code user} is given. */
    public List<Entry> list(long organizationId, String user) {
        StringBuilder sql = new StringBuilder("SELECT id, instance_name, at, joe_user, channel, command, outcome, typed, answer,"
                + " plan, summary FROM joe_history WHERE organization_id = ?");
        List<Object> params = new ArrayList<>(List.of(organizationId));
        if (user != null && !user.isBlank()) {
            sql.append(" AND joe_user = ?");
            params.add(user.strip());
        }
        sql.append(" ORDER BY at DESC, id DESC LIMIT ").append(PAGE_ROWS);
        return db.list(sql.toString(), row -> new Entry(row.getLong("id"), row.getString("instance_name"),
                Jdbc.instant(row, "at"), row.getString("joe_user"), row.getString("channel"), row.getString("command"),
                row.getString("outcome"), row.getString("typed"), row.getString("answer"), row.getString("plan"),
                row.getString("summary")), params.toArray());
    }

    /** Deletes all of the organization's entries; returns how many. */
    public int clear(long organizationId) {
        return db.update("DELETE FROM joe_history WHERE organization_id = ?", organizationId);
    }
}
