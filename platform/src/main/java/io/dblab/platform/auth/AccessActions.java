package io.dblab.platform.auth;

import io.dblab.platform.audit.Audit;
import io.dblab.platform.audit.AuditEvent;
import java.util.Optional;

/**
 * The changes to people and access, each checked against the caller's role and audited, whether it
 * succeeds or is refused; the pages and the API both go through here.
 */
public final class AccessActions {
    private final Users users;
    private final Organizations organizations;
    private final ApiTokens tokens;
    private final Audit audit;

    /** A member just added; {@code newPassword} is set (and shown once) when the person was new to the Platform. */
    public record AddedMember(long userId, String email, Optional<String> newPassword) {
    }

    public AccessActions(Users users, Organizations organizations, ApiTokens tokens, Audit audit) {
        this.users = users;
        this.organizations = organizations;
        this.tokens = tokens;
        this.audit = audit;
    }

    /** A new organization with the calling person as its owner. */
    public long createOrganization(Caller caller, String name) {
        AuditEvent event = event(caller, null, "organization.create").target(name == null ? "" : name.strip());
        return audited(event, () -> {
            long owner = requireUser(caller);
            long org = organizations.create(name);
            organizations.addMember(org, owner, Role.OWNER);
            audit.record(event.in(org));
            return org;
        });
    }

    public AddedMember addMember(Caller caller, long organizationId, String email, String roleName) {
        AuditEvent event = event(caller, organizationId, "member.add").target(Users.normalize(email));
        return audited(event, () -> {
            Organizations.Membership by = organizations.manage(caller.principal(), organizationId);
            Role role = role(roleName);
            if (role == Role.OWNER && by.role() != Role.OWNER) {
                throw Refusal.forbidden("only owners may make owners");
            }
            Optional<Users.User> existing = users.byEmail(email);
            Optional<String> password = existing.isPresent() ? Optional.empty() : Optional.of(Passwords.generate());
            long userId = existing.map(Users.User::id).orElseGet(() -> users.create(email, password.get()));
            organizations.addMember(organizationId, userId, role);
            audit.record(event.detail("role", role.value()).detail("newUser", password.isPresent()));
            return new AddedMember(userId, Users.normalize(email), password);
        });
    }

    public void changeRole(Caller caller, long organizationId, long userId, String roleName) {
        change(caller, organizationId, userId, Optional.of(role(roleName)));
    }

    public void removeMember(Caller caller, long organizationId, long userId) {
        change(caller, organizationId, userId, Optional.empty());
    }

    private void change(Caller caller, long organizationId, long userId, Optional<Role> role) {
        String target = users.byId(userId).map(Users.User::email).orElse("user " + userId);
        AuditEvent event = event(caller, organizationId, role.isPresent() ? "member.role" : "member.remove").target(target);
        audited(event, () -> {
            organizations.change(organizations.manage(caller.principal(), organizationId), userId, role);
            audit.record(role.map(r -> event.detail("role", r.value())).orElse(event));
            return null;
        });
    }

    /** A token of the caller's own ({@code organizationId} null) or of an organization the caller manages. */
    public ApiTokens.NewToken createToken(Caller caller, Long organizationId, String name, int days) {
        AuditEvent event = event(caller, organizationId, "token.create").target(name);
        return audited(event, () -> {
            ApiTokens.NewToken made = tokens.create(owner(caller, organizationId), name, days, requireUser(caller));
            audit.record(event.detail("prefix", made.token().prefix()).detail("expiresAt", made.token().expiresAt().toString()));
            return made;
        });
    }

    public void revokeToken(Caller caller, Long organizationId, long tokenId) {
        AuditEvent event = event(caller, organizationId, "token.revoke").target("token " + tokenId);
        audited(event, () -> {
            ApiTokens.Token revoked = tokens.revoke(owner(caller, organizationId), tokenId);
            audit.record(event.target(revoked.name()).detail("prefix", revoked.prefix()));
            return null;
        });
    }

    /** Whose tokens the caller may see and change: their own, or an organization's they manage. */
    public ApiTokens.Owner owner(Caller caller, Long organizationId) {
        if (organizationId == null) {
            return ApiTokens.Owner.user(requireUser(caller));
        }
        organizations.manage(caller.principal(), organizationId);
        return ApiTokens.Owner.organization(organizationId);
    }

    private static long requireUser(Caller caller) {
        if (!caller.principal().isUser()) {
            throw Refusal.forbidden("an organization's token cannot manage tokens");
        }
        return caller.principal().userId();
    }

    private static Role role(String name) {
        return Role.parse(name).orElseThrow(() -> Refusal.badRequest("the role must be owner, admin or member"));
    }

    private static AuditEvent event(Caller caller, Long organizationId, String action) {
        return AuditEvent.of(caller.principal().actor(), action).in(organizationId).from(caller.sourceAddress());
    }

    /** Runs the action; a refusal is audited as denied (the organization left out when it is not the caller's). */
    private <T> T audited(AuditEvent event, java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (Refusal e) {
            AuditEvent refused = e.status() == 404 ? event.in(null) : event;
            audit.record(refused.result(AuditEvent.Result.DENIED).detail("reason", e.getMessage()));
            throw e;
        }
    }
}
