package io.dblab.platform.engines;

import io.dblab.client.model.Clone;
import io.dblab.client.model.CloneRequest;
import io.dblab.client.model.ResetRequest;
import io.dblab.client.model.Snapshot;
import io.dblab.platform.audit.Audit;
import io.dblab.platform.audit.AuditEvent;
import io.dblab.platform.auth.Caller;
import io.dblab.platform.auth.Organizations;
import io.dblab.platform.auth.Refusal;
import io.dblab.platform.storage.RandomSecrets;
import io.dblab.platform.storage.SecretBox;
import io.dblab.tunnel.server.TunnelHub;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What people do with engines, each checked against their role and audited with its result, whether
 * it works, is refused, or fails at the engine. Owners and admins register and remove engines and
 * manage keys; every member works with clones and snapshots. Never a secret in the audit log: a
 * clone's password goes to the engine once and back to its maker once, and is scrubbed from any
 * message about it.
 */
public final class EngineActions {
    private final Organizations organizations;
    private final Engines engines;
    private final RegistrationKeys keys;
    private final EngineConnections connections;
    private final TunnelHub hub;
    private final Optional<SecretBox> secrets;
    private final Audit audit;

    /** What the person asked for; an empty password means "make one for me". */
    public record CloneForm(String id, String username, String password, boolean restricted, boolean isProtected,
                            String snapshotId) {
    }

    /** A clone just asked for, with its password to show its maker once. */
    public record NewClone(Clone made, String password) {
    }

    public EngineActions(Organizations organizations, Engines engines, RegistrationKeys keys, EngineConnections connections,
                         TunnelHub hub, Optional<SecretBox> secrets, Audit audit) {
        this.organizations = organizations;
        this.engines = engines;
        this.keys = keys;
        this.connections = connections;
        this.hub = hub;
        this.secrets = secrets;
        this.audit = audit;
    }

    /** The engine, if the caller belongs to its organization; 404 otherwise, like one that does not exist. */
    public Engine engine(Caller caller, long organizationId, long engineId) {
        organizations.access(caller.principal(), organizationId);
        return engines.byId(organizationId, engineId).orElseThrow(() -> Refusal.notFound("no such engine: " + engineId));
    }

    public Engine registerUrl(Caller caller, long organizationId, String name, String url, String token) {
        AuditEvent event = event(caller, organizationId, "engine.register").target(name == null ? "" : name.strip())
                .detail("kind", "url");
        return audited(event, () -> {
            long by = manager(caller, organizationId);
            SecretBox box = secrets.orElseThrow(() -> new EngineCallFailed(503, "NO_SECRET_KEY", "the Platform keeps engine"
                    + " tokens encrypted and was started without its key: set the variable named by secrets.keyEnv"));
            String checkedName = EngineInput.name(name);
            String checkedUrl = EngineInput.url(url);
            String version = connections.probe(checkedName, checkedUrl, EngineInput.token(token));
            Engine engine = engines.createUrl(organizationId, checkedName, checkedUrl, token.strip(), by, box);
            audit.record(event.target(engine.label()).detail("url", checkedUrl).detail("engineVersion", version));
            return engine;
        });
    }

    /** A tunnel engine and its registration key, shown once. */
    public RegistrationKeys.NewKey registerTunnel(Caller caller, long organizationId, String name) {
        AuditEvent event = event(caller, organizationId, "key.create").target(name == null ? "" : name.strip())
                .detail("kind", "tunnel");
        return audited(event, () -> {
            long by = manager(caller, organizationId);
            RegistrationKeys.NewKey made = engines.createTunnel(organizationId, EngineInput.name(name), by);
            audit.record(event.target(made.engine().label()).detail("prefix", made.prefix()));
            return made;
        });
    }

    /** Revokes the engine's key and closes its tunnel at once (on another instance: within its next watch). */
    public void revokeKey(Caller caller, long organizationId, long engineId) {
        AuditEvent event = event(caller, organizationId, "key.revoke").target("engine " + engineId);
        audited(event, () -> {
            manager(caller, organizationId);
            Engine engine = engine(caller, organizationId, engineId);
            String prefix = keys.revoke(engine).orElseThrow(() -> Refusal.conflict(engine.name() + " has no live key"));
            hub.disconnect(engine.tunnelId());
            audit.record(event.target(engine.label()).detail("prefix", prefix));
            return null;
        });
    }

    public void remove(Caller caller, long organizationId, long engineId) {
        AuditEvent event = event(caller, organizationId, "engine.remove").target("engine " + engineId);
        audited(event, () -> {
            manager(caller, organizationId);
            Engine engine = engine(caller, organizationId, engineId);
            engines.remove(engine);
            hub.disconnect(engine.tunnelId());
            audit.record(event.target(engine.label()));
            return null;
        });
    }

    public NewClone createClone(Caller caller, long organizationId, long engineId, CloneForm form) {
        String password = form.password() == null || form.password().isEmpty() ? RandomSecrets.text(18) : form.password();
        AuditEvent event = event(caller, organizationId, "clone.create").target(blankToEmpty(form.id()))
                .detail("username", blankToEmpty(form.username())).detail("restricted", form.restricted());
        return onEngine(caller, organizationId, engineId, event, engine -> {
            CloneRequest request = new CloneRequest(blankToNull(form.id()), form.isProtected(),
                    new CloneRequest.DbRequest(blankToNull(form.username()), password, form.restricted(), null),
                    form.snapshotId() == null || form.snapshotId().isBlank() ? null
                            : new CloneRequest.SnapshotRef(form.snapshotId().strip()), null, null);
            try {
                Clone clone = connections.call(engine, client -> client.createClone(request));
                return new Outcome<>(new NewClone(clone, password), "clone " + clone.id());
            } catch (EngineCallFailed e) {
                // the engine's words about a refused password could quote it
                throw new EngineCallFailed(e.status(), e.code(), e.getMessage().replace(password, "***"));
            }
        });
    }

    public void resetClone(Caller caller, long organizationId, long engineId, String cloneId, String snapshotId) {
        boolean latest = snapshotId == null || snapshotId.isBlank();
        AuditEvent event = event(caller, organizationId, "clone.reset").target("clone " + cloneId)
                .detail("snapshot", latest ? "latest" : snapshotId.strip());
        onEngine(caller, organizationId, engineId, event, engine -> {
            connections.call(engine, client -> {
                client.resetClone(cloneId, latest ? new ResetRequest(null, true) : new ResetRequest(snapshotId.strip(), null));
                return null;
            });
            return new Outcome<>(null, null);
        });
    }

    public Clone protect(Caller caller, long organizationId, long engineId, String cloneId, boolean isProtected) {
        AuditEvent event = event(caller, organizationId, isProtected ? "clone.protect" : "clone.unprotect")
                .target("clone " + cloneId);
        return onEngine(caller, organizationId, engineId, event, engine -> new Outcome<>(
                connections.call(engine, client -> client.updateClone(cloneId, isProtected)), null));
    }

    public void destroyClone(Caller caller, long organizationId, long engineId, String cloneId) {
        AuditEvent event = event(caller, organizationId, "clone.destroy").target("clone " + cloneId);
        onEngine(caller, organizationId, engineId, event, engine -> {
            connections.call(engine, client -> {
                client.destroyClone(cloneId);
                return null;
            });
            return new Outcome<>(null, null);
        });
    }

    public Snapshot createSnapshot(Caller caller, long organizationId, long engineId, String poolName) {
        String pool = blankToNull(poolName);
        AuditEvent event = event(caller, organizationId, "snapshot.create").target(pool == null ? "" : "pool " + pool);
        return onEngine(caller, organizationId, engineId, event, engine -> {
            Snapshot made = connections.call(engine, client -> client.createSnapshot(pool));
            return new Outcome<>(made, "snapshot " + made.id());
        });
    }

    /** What an engine call gave, and the audit target when the call itself names it (a clone's new ID). */
    private record Outcome<T>(T value, String target) {
    }

    private <T> T onEngine(Caller caller, long organizationId, long engineId, AuditEvent event,
                           java.util.function.Function<Engine, Outcome<T>> work) {
        Engine engine = audited(event, () -> engine(caller, organizationId, engineId));
        AuditEvent onEngine = event.detail("engine", engine.label());
        return audited(onEngine, () -> {
            Outcome<T> outcome = work.apply(engine);
            audit.record(outcome.target() == null ? onEngine : onEngine.target(outcome.target()));
            return outcome.value();
        });
    }

    private long manager(Caller caller, long organizationId) {
        organizations.manage(caller.principal(), organizationId);
        if (!caller.principal().isUser()) {
            throw Refusal.forbidden("an organization's token cannot manage engines");
        }
        return caller.principal().userId();
    }

    private static AuditEvent event(Caller caller, long organizationId, String action) {
        return AuditEvent.of(caller.principal().actor(), action).in(organizationId).from(caller.sourceAddress());
    }

    /**
     * Runs the action, which records its own success; a refusal is audited as denied (without the
     * organization when it is not the caller's), a failure at the engine as failed.
     */
    private <T> T audited(AuditEvent event, Supplier<T> action) {
        try {
            return action.get();
        } catch (Refusal e) {
            AuditEvent refused = e.status() == 404 ? event.in(null) : event;
            audit.record(refused.result(AuditEvent.Result.DENIED).detail("reason", e.getMessage()));
            throw e;
        } catch (EngineCallFailed e) {
            audit.record(event.result(AuditEvent.Result.FAILED).detail("reason", e.getMessage()).detail("status", e.status()));
            throw e;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String blankToEmpty(String value) {
        return value == null ? "" : value.strip();
    }
}
