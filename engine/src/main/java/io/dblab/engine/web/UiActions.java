package io.dblab.engine.web;

import io.dblab.client.model.CloneRequest;
import io.dblab.engine.audit.AuditLog;
import io.dblab.engine.clone.CloneIds;
import io.dblab.engine.clone.CloneService;
import io.dblab.engine.error.BadRequestException;
import io.dblab.engine.error.NotFoundException;
import io.dblab.engine.retrieval.RetrievalService;
import io.dblab.engine.snapshot.SnapshotService;
import io.dblab.engine.state.CloneRecord;
import io.dblab.engine.state.SnapshotRecord;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the UI asks of the engine: the same services as the API, so the same checks apply, and an
 * audit line for each change, with the caller {@code ui@<address>} and the action named as the API's
 * request for it ({@code POST /clone}, {@code DELETE /clone/<id>}, …).
 */
final class UiActions {
    private final CloneService clones;
    private final SnapshotService snapshots;
    private final RetrievalService retrieval;
    private final AuditLog audit;
    private final String accessHost;

    UiActions(CloneService clones, SnapshotService snapshots, RetrievalService retrieval, AuditLog audit, String accessHost) {
        this.clones = clones;
        this.snapshots = snapshots;
        this.retrieval = retrieval;
        this.audit = audit;
        this.accessHost = accessHost;
    }

    List<CloneRow> cloneRows() {
        return clones.list().stream().map(c -> CloneRow.of(c, accessHost)).toList();
    }

    List<SnapshotRow> snapshotRows() {
        List<CloneRecord> all = clones.list();
        return snapshots.list().stream().map(s -> new SnapshotRow(s.id(),
                s.dataStateAt().truncatedTo(ChronoUnit.SECONDS).toString(), s.branch(),
                all.stream().filter(c -> c.snapshotId().equals(s.id())).count(), s.isProtected())).toList();
    }

    /** Creates a clone with the password the person typed; the password goes to the engine's check and verifier only. */
    String createClone(String address, String id, String username, String password, boolean restricted, boolean isProtected) {
        // the ID is chosen here when left empty, so that the audit line names it even if the creation is refused
        String cloneId = id == null || id.isBlank() ? CloneIds.generate() : id.strip();
        CloneRequest request = new CloneRequest(cloneId, isProtected,
                new CloneRequest.DbRequest(username, password, restricted, null), null, null, null);
        return audited(address, "POST /clone", cloneId, AuditLog.details(request), () -> {
            clones.create(request);
            return "Clone " + cloneId + " is being created. Its password is the one you typed; it is not shown again.";
        });
    }

    String resetClone(String address, String id) {
        return audited(address, "POST /clone/" + id + "/reset", id, Map.of(), () -> {
            clones.reset(id, null);
            return "Clone " + id + " is being reset to its snapshot.";
        });
    }

    String protectClone(String address, String id, boolean isProtected) {
        return audited(address, "PATCH /clone/" + id, id, Map.of("protected", isProtected), () -> {
            clones.updateProtection(id, isProtected);
            return "Clone " + id + (isProtected ? " is protected." : " is no longer protected.");
        });
    }

    String destroyClone(String address, String id) {
        return audited(address, "DELETE /clone/" + id, id, Map.of(), () -> {
            clones.destroy(id);
            return "Clone " + id + " is being destroyed.";
        });
    }

    String createSnapshot(String address) {
        return audited(address, "POST /snapshot", null, Map.of(), () -> {
            SnapshotRecord snapshot = retrieval.snapshot(snapshots.activePool());
            return "Snapshot " + snapshot.id() + " was created.";
        });
    }

    private String audited(String address, String action, String target, Map<String, ?> details, Supplier<String> work) {
        String caller = "ui@" + address;
        try {
            String notice = work.get();
            audit.record(caller, action, target, "OK", details);
            return notice;
        } catch (BadRequestException e) {
            audit.record(caller, action, target, "FAILED 400", details);
            throw e;
        } catch (NotFoundException e) {
            audit.record(caller, action, target, "FAILED 404", details);
            throw e;
        } catch (RuntimeException e) {
            audit.record(caller, action, target, "FAILED 500", details);
            throw e;
        }
    }
}
