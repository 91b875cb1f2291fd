package io.dblab.platform.joe;

import io.dblab.platform.audit.Audit;
import io.dblab.platform.audit.AuditEvent;
import io.dblab.platform.auth.Caller;
import io.dblab.platform.auth.Organizations;
import io.dblab.platform.auth.Refusal;

/**
 * What people do with Joe from the Platform's pages, each checked against their role and audited with its
 * result: send a command to a registered Joe (any member, as themselves), clear the organization's history
 * and turn it off or on (owners and admins). The audit rows name the command's kind, never what was typed.
 */
public final class JoeActions {
    /** The chat channel of commands sent from the Platform: each person gets their own clone there. */
    public static final String CHANNEL = "platform";
    private final Organizations organizations;
    private final JoeInstances instances;
    private final JoeHistory history;
    private final JoeCaller caller;
    private final Audit audit;

    public JoeActions(Organizations organizations, JoeInstances instances, JoeHistory history, JoeCaller caller, Audit audit) {
        this.organizations = organizations;
        this.instances = instances;
        this.history = history;
        this.caller = caller;
        this.audit = audit;
    }

    public JoeCaller.JoeAnswer chat(Caller who, long organizationId, long instanceId, String text) {
        AuditEvent event = event(who, organizationId, "joe.chat").target("joe " + instanceId).detail("command", CommandKind.of(text));
        JoeInstances.Instance instance = audit.refusalsRecorded(event, () -> {
            organizations.access(who.principal(), organizationId);
            if (text == null || text.isBlank() || text.length() > 50_000) {
                throw Refusal.badRequest("type a command of 1 to 50,000 characters, like: explain select 1");
            }
            return instances.get(organizationId, instanceId);
        });
        AuditEvent named = event.target("joe " + instance.name());
        try {
            JoeCaller.JoeAnswer answer = caller.send(instance.url(), instances.token(instance), who.principal().name(), CHANNEL, text);
            audit.record(named.result(JoeApi.result(answer.outcome())).detail("outcome", answer.outcome()));
            return answer;
        } catch (Refusal e) {
            audit.record(named.result(AuditEvent.Result.FAILED).detail("reason", e.getMessage()));
            throw e;
        }
    }

    public int clearHistory(Caller who, long organizationId) {
        AuditEvent event = event(who, organizationId, "joe.history.clear");
        return audit.refusalsRecorded(event, () -> {
            organizations.manage(who.principal(), organizationId);
            int deleted = history.clear(organizationId);
            audit.record(event.detail("deleted", deleted));
            return deleted;
        });
    }

    public void switchHistory(Caller who, long organizationId, boolean on) {
        AuditEvent event = event(who, organizationId, on ? "joe.history.on" : "joe.history.off");
        audit.refusalsRecorded(event, () -> {
            organizations.manage(who.principal(), organizationId);
            history.enable(organizationId, on);
            audit.record(event);
            return null;
        });
    }

    private static AuditEvent event(Caller who, long organizationId, String action) {
        return AuditEvent.of(who.principal().actor(), action).in(organizationId).from(who.sourceAddress());
    }
}
