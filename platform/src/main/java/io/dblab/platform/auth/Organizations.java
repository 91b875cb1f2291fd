package io.dblab.platform.auth;

import io.dblab.platform.storage.Jdbc;
import java.util.List;
import java.util.Optional;

/**
 * Organizations and who belongs to them with which role. What a {@link Principal} may see and do in
 * one is decided by {@link #access}: outside their organizations, everything is "not found".
 */
public final class Organizations {
    private final Jdbc db;

    public record Organization(long id, String name) {
    }

    public record Membership(Organization organization, Role role) {
    }

    public record Member(long userId, String email, Role role) {
    }

    private record Held(long userId, Role role) {
    }

    public Organizations(Jdbc db) {
        this.db = db;
    }

    public long create(String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > 200) {
            throw Refusal.badRequest("an organization needs a name of 1 to 200 characters");
        }
        return db.insert("INSERT INTO organizations (name) VALUES (?)", trimmed);
    }

    /** The organizations a principal belongs to, by name. */
    public List<Membership> of(Principal principal) {
        if (!principal.isUser()) {
            return db.list("SELECT id, name FROM organizations WHERE id = ?",
                    row -> new Membership(new Organization(row.getLong("id"), row.getString("name")), Role.MEMBER),
                    principal.organizationId());
        }
        return db.list("SELECT o.id, o.name, m.role FROM organizations o JOIN memberships m ON m.organization_id = o.id"
                        + " WHERE m.user_id = ? ORDER BY o.name, o.id",
                row -> new Membership(new Organization(row.getLong("id"), row.getString("name")), Role.of(row.getString("role"))),
                principal.userId());
    }

    /** The organization and the principal's role in it; 404 when the principal is not in it (or it does not exist). */
    public Membership access(Principal principal, long organizationId) {
        return of(principal).stream().filter(m -> m.organization().id() == organizationId).findFirst()
                .orElseThrow(() -> Refusal.notFound("no such organization: " + organizationId));
    }

    /** As {@link #access}, for owners and admins only (403 for members). */
    public Membership manage(Principal principal, long organizationId) {
        Membership membership = access(principal, organizationId);
        if (!membership.role().manages()) {
            throw Refusal.forbidden("only owners and admins of " + membership.organization().name() + " may do this");
        }
        return membership;
    }

    public List<Member> members(long organizationId) {
        return db.list("SELECT u.id, u.email, m.role FROM memberships m JOIN users u ON u.id = m.user_id"
                        + " WHERE m.organization_id = ? ORDER BY u.email",
                row -> new Member(row.getLong("id"), row.getString("email"), Role.of(row.getString("role"))), organizationId);
    }

    public Optional<Member> member(long organizationId, long userId) {
        return members(organizationId).stream().filter(m -> m.userId() == userId).findFirst();
    }

    public void addMember(long organizationId, long userId, Role role) {
        int added = db.update("INSERT INTO memberships (organization_id, user_id, role) VALUES (?, ?, ?)"
                + " ON CONFLICT DO NOTHING", organizationId, userId, role.value());
        if (added == 0) {
            throw Refusal.conflict("that person is a member already");
        }
    }

    /**
     * Changes a member's role, or removes them ({@code role} empty), in one transaction that keeps at
     * least one owner. Only owners make or unmake owners.
     */
    public void change(Membership actor, long userId, Optional<Role> role) {
        long org = actor.organization().id();
        db.transaction(tx -> {
            // lock the organization's memberships: two admins demoting the last two owners at once
            List<Held> held = tx.list("SELECT user_id, role FROM memberships WHERE organization_id = ? FOR UPDATE",
                    row -> new Held(row.getLong("user_id"), Role.of(row.getString("role"))), org);
            Role current = held.stream().filter(h -> h.userId() == userId).findFirst().map(Held::role)
                    .orElseThrow(() -> Refusal.notFound("no such member: " + userId));
            boolean touchesOwner = current == Role.OWNER || role.filter(r -> r == Role.OWNER).isPresent();
            if (touchesOwner && actor.role() != Role.OWNER) {
                throw Refusal.forbidden("only owners may make or unmake owners");
            }
            long owners = held.stream().filter(h -> h.role() == Role.OWNER).count();
            if (current == Role.OWNER && owners == 1 && role.filter(r -> r == Role.OWNER).isEmpty()) {
                throw Refusal.conflict("an organization keeps at least one owner: make another owner first");
            }
            if (role.isPresent()) {
                tx.update("UPDATE memberships SET role = ? WHERE organization_id = ? AND user_id = ?",
                        role.get().value(), org, userId);
            } else {
                tx.update("DELETE FROM memberships WHERE organization_id = ? AND user_id = ?", org, userId);
            }
            return null;
        });
    }
}
