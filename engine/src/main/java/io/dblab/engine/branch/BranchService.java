package io.dblab.engine.branch;

import io.dblab.engine.error.BadRequestException;
import io.dblab.engine.snapshot.SnapshotService;
import io.dblab.engine.state.BranchRecord;
import io.dblab.engine.state.CloneRecord;
import io.dblab.engine.state.CloneStateMachine;
import io.dblab.engine.state.ProtectionLease;
import io.dblab.engine.state.SnapshotRecord;
import io.dblab.engine.state.StateStore;
import io.dblab.engine.webhook.EngineEvent;
import io.dblab.engine.webhook.EngineEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Branches: named lines of snapshots. A branch starts at a snapshot (the head of another branch,
 * or one chosen by id); commits of its clones extend it, and its log follows the parents back
 * from its head. A branch that clones or other branches still stand on cannot be deleted.
 * Deleting a branch holds its lock in the {@link CloneStateMachine}, which clone creation on the
 * branch holds too, so a clone is never recorded on a branch being deleted. A created or deleted
 * branch is reported as the reference's {@code branch_create} / {@code branch_delete} event, named
 * by the branch.
 */
public final class BranchService {
    private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9_][a-zA-Z0-9_-]*$");
    private static final int MAX_NAME_LENGTH = 63;

    private final StateStore state;
    private final SnapshotService snapshots;
    private final ProtectionLease lease;
    private final EngineEvents events;

    public BranchService(StateStore state, SnapshotService snapshots, ProtectionLease lease, EngineEvents events) {
        this.state = state;
        this.snapshots = snapshots;
        this.lease = lease;
        this.events = events;
    }

    /** Protects the branch from deletion (for the minutes {@link ProtectionLease} allows), or lifts that. */
    public synchronized BranchRecord protect(String name, boolean value, Long durationMinutes) {
        if (durationMinutes != null && !value) {
            throw new BadRequestException("protectionDurationMinutes needs \"protected\": true");
        }
        BranchRecord branch = state.branch(name).orElseThrow(() -> unknown(name));
        Instant till = value ? lease.till(durationMinutes) : null;
        return state.putBranch(branch.withProtection(value, till));
    }

    /** Whether the branch is protected now (a timed protection ends by itself). */
    public boolean isProtected(BranchRecord branch) {
        return branch.protectedAt(lease.now());
    }

    /** {@code main} first, then the others in the order they were created. */
    public List<BranchRecord> list() {
        return state.branches().stream()
                .sorted(Comparator.comparing((BranchRecord b) -> !BranchRecord.MAIN.equals(b.name()))
                        .thenComparing(BranchRecord::createdAt).thenComparing(BranchRecord::name))
                .toList();
    }

    /** The branch; an unknown one is a bad request, as the reference answers (400, "branch not found"). */
    public BranchRecord get(String name) {
        return state.branch(name).orElseThrow(() -> unknown(name));
    }

    private static BadRequestException unknown(String name) {
        return new BadRequestException("branch not found: " + printable(name));
    }

    /** The snapshot the branch's head points at, if it has one. */
    public Optional<SnapshotRecord> head(BranchRecord branch) {
        return state.snapshot(branch.head());
    }

    /**
     * Creates a branch whose head is {@code snapshotId}, or else the head of {@code baseBranch}
     * ({@code main} when neither is given). Its parent branch is the one its first snapshot is on.
     */
    public synchronized BranchRecord create(String name, String baseBranch, String snapshotId) {
        requireValidName(name);
        if (state.branch(name).isPresent()) {
            throw new BadRequestException("branch '" + name + "' already exists");
        }
        BranchRecord base = baseBranch == null || baseBranch.isEmpty() ? get(BranchRecord.MAIN)
                : state.branch(baseBranch).orElseThrow(() -> new BadRequestException(
                        "base branch '" + printable(baseBranch) + "' not found"));
        SnapshotRecord start;
        String parent;
        if (snapshotId != null && !snapshotId.isEmpty()) {
            start = state.snapshot(snapshotId).orElseThrow(() -> new BadRequestException(
                    "snapshot '" + printable(snapshotId) + "' not found"));
            // a snapshot kept after its branch was deleted (a clone used it) hangs off main
            parent = state.branch(start.branch()).isPresent() ? start.branch() : BranchRecord.MAIN;
        } else {
            start = head(base).orElseThrow(() -> new BadRequestException(
                    "branch '" + base.name() + "' has no snapshot yet"));
            parent = base.name();
        }
        BranchRecord branch = new BranchRecord(name, parent, start.id(), Instant.now());
        // under the snapshot's lock: a deletion of it either came first or sees the branch's head
        state.transitions().locked(CloneStateMachine.snapshotKey(start.id()), () -> {
            if (state.snapshot(start.id()).isEmpty()) {
                throw new BadRequestException("snapshot '" + printable(start.id()) + "' not found");
            }
            if (!state.addBranch(branch)) {
                throw new BadRequestException("branch '" + name + "' already exists");
            }
        });
        events.publish(EngineEvent.of(EngineEvent.BRANCH_CREATE, name));
        return branch;
    }

    /**
     * Deletes a branch and the snapshots made on it, except those a clone still uses. Refused for
     * {@code main}, for a branch with clones and for one that other branches were created from.
     */
    public synchronized void delete(String name) {
        // under the branch's lock, which a clone creation on the branch holds while it is recorded
        state.transitions().locked(CloneStateMachine.branchKey(name), () -> deleteLocked(name));
        events.publish(EngineEvent.of(EngineEvent.BRANCH_DELETE, name));
    }

    private void deleteLocked(String name) {
        BranchRecord branch = get(name);
        if (BranchRecord.MAIN.equals(name)) {
            throw new BadRequestException("branch 'main' cannot be deleted");
        }
        if (isProtected(branch)) {
            throw new BadRequestException("branch '" + name + "' is protected; unprotect it before deleting it");
        }
        List<String> clones = state.clones().stream().filter(c -> name.equals(c.branch()))
                .map(CloneRecord::id).sorted().toList();
        if (!clones.isEmpty()) {
            throw new BadRequestException("branch '" + name + "' has clones: " + String.join(", ", clones)
                    + "; destroy them first");
        }
        List<String> children = state.branches().stream().filter(b -> name.equals(b.parent()))
                .map(BranchRecord::name).sorted().toList();
        if (!children.isEmpty()) {
            throw new BadRequestException("branch '" + name + "' has child branches: " + String.join(", ", children)
                    + "; delete them first");
        }
        state.setHead(name, "");
        // Newest first, so that each one is no longer a parent when its turn comes. One that a
        // clone uses stays, and so do its parents: the snapshot rules refuse to delete them.
        for (SnapshotRecord snapshot : snapshots.list(name)) {
            if (snapshots.clonesOf(snapshot.id()).isEmpty()) {
                try {
                    snapshots.delete(snapshot.id());
                } catch (BadRequestException kept) {
                    // still needed by another snapshot or branch: it outlives this branch
                }
            }
        }
        state.removeBranch(branch.name());
    }

    /** The branch's snapshots from its head back along the parents, across the branches it came from. */
    public List<SnapshotRecord> log(String name) {
        BranchRecord branch = get(name);
        List<SnapshotRecord> log = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Optional<SnapshotRecord> next = head(branch);
        while (next.isPresent() && seen.add(next.get().id())) {
            log.add(next.get());
            next = state.snapshot(next.get().parent());
        }
        return log;
    }

    private static void requireValidName(String name) {
        if (name == null || name.isEmpty()) {
            throw new BadRequestException("missing branch name: 'branchName' is required");
        }
        if (name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
            throw new BadRequestException("invalid branch name '" + printable(name) + "': use letters, digits, '_' and"
                    + " '-', not starting with '-', at most " + MAX_NAME_LENGTH + " characters");
        }
    }

    private static String printable(String value) {
        String clean = value.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 120 ? clean.substring(0, 120) + "…" : clean;
    }
}
