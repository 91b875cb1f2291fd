package io.dblab.engine.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dblab.client.Json;
import io.dblab.engine.error.ErrorText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The engine's persistent state ({@code state.json} in the state directory, mode 0600). Every change
 * is written before it is acted on and before it shows in memory: a temporary file, fsync, an atomic
 * rename and an fsync of the directory, so a crash (or power loss) leaves either the old or the new
 * file, and a write that fails leaves memory as it was and throws {@link StateWriteException}.
 * A clone's status changes only through {@link #transitions()}.
 */
public final class StateStore {
    private static final FileAttribute<?> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private final Path file;
    private final ObjectMapper json = Json.mapper();
    private final String instanceId;
    private final CloneStateMachine transitions = new CloneStateMachine(this);
    // replaced as a whole, never changed in place, and only after the new state is on disk
    private Map<String, CloneRecord> clones = new LinkedHashMap<>();
    private Map<String, SnapshotRecord> snapshots = new LinkedHashMap<>();
    private Map<String, BranchRecord> branches = new LinkedHashMap<>();

    public StateStore(Path stateDir) {
        this.file = stateDir.resolve("state.json");
        try {
            Files.createDirectories(stateDir);
            Files.setPosixFilePermissions(stateDir, PosixFilePermissions.fromString("rwx------"));
            if (Files.exists(file)) {
                EngineState state = json.readValue(file.toFile(), EngineState.class);
                state.clones().forEach(c -> clones.put(c.id(), c));
                state.snapshots().forEach(s -> snapshots.put(s.id(), s));
                state.branches().forEach(b -> branches.put(b.name(), b));
                instanceId = state.instanceId();
                if (!branches.containsKey(BranchRecord.MAIN)) {
                    save(clones, snapshots, withMain(branches));
                }
            } else {
                instanceId = UUID.randomUUID().toString().replace("-", "").substring(0, 20);
                save(clones, snapshots, withMain(branches));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read engine state " + file, e);
        }
    }

    public String instanceId() {
        return instanceId;
    }

    /** The one place where clones change state. */
    public CloneStateMachine transitions() {
        return transitions;
    }

    public synchronized List<CloneRecord> clones() {
        return new ArrayList<>(clones.values());
    }

    public synchronized Optional<CloneRecord> clone(String id) {
        return Optional.ofNullable(clones.get(id));
    }

    /** Adds a clone unless one with that id exists; returns whether it was added. */
    synchronized boolean addClone(CloneRecord clone) {
        if (clones.containsKey(clone.id())) {
            return false;
        }
        Map<String, CloneRecord> next = new LinkedHashMap<>(clones);
        next.put(clone.id(), clone);
        save(next, snapshots, branches);
        return true;
    }

    /**
     * Changes a clone's record other than its status (port, last activity, snapshot of a commit).
     * A change that touches the status is a programming error: that is the state machine's job.
     */
    public synchronized Optional<CloneRecord> updateClone(String id, UnaryOperator<CloneRecord> change) {
        List<CloneRecord> updated = updateClones(List.of(id), change);
        return updated.isEmpty() ? Optional.empty() : Optional.of(updated.get(0));
    }

    /** {@link #updateClone} for several clones in one write; ids of clones that are gone are skipped. */
    public synchronized List<CloneRecord> updateClones(Collection<String> ids, UnaryOperator<CloneRecord> change) {
        List<CloneRecord> updated = new ArrayList<>();
        for (String id : ids) {
            CloneRecord current = clones.get(id);
            if (current == null) {
                continue;
            }
            CloneRecord next = change.apply(current);
            if (next.status() != current.status() || !next.statusMessage().equals(current.statusMessage())) {
                throw new IllegalStateException("clone " + id + ": a status changes through CloneStateMachine only");
            }
            updated.add(next);
        }
        return updated.isEmpty() ? updated : putClones(updated);
    }

    /** Replaces these clones' records in one write; for the state machine, which checked them. */
    synchronized List<CloneRecord> putClones(List<CloneRecord> updated) {
        Map<String, CloneRecord> next = new LinkedHashMap<>(clones);
        updated.forEach(c -> next.put(c.id(), c));
        save(next, snapshots, branches);
        return updated;
    }

    synchronized void removeClone(String id) {
        if (clones.containsKey(id)) {
            Map<String, CloneRecord> next = new LinkedHashMap<>(clones);
            next.remove(id);
            save(next, snapshots, branches);
        }
    }

    public synchronized List<SnapshotRecord> snapshots() {
        return new ArrayList<>(snapshots.values());
    }

    public synchronized Optional<SnapshotRecord> snapshot(String id) {
        return Optional.ofNullable(snapshots.get(id));
    }

    public synchronized void putSnapshot(SnapshotRecord snapshot) {
        Map<String, SnapshotRecord> next = new LinkedHashMap<>(snapshots);
        next.put(snapshot.id(), snapshot);
        save(clones, next, branches);
    }

    public synchronized void removeSnapshots(Collection<String> ids) {
        Map<String, SnapshotRecord> next = new LinkedHashMap<>(snapshots);
        if (next.keySet().removeAll(ids)) {
            save(clones, next, branches);
        }
    }

    /**
     * Records a new snapshot and moves the head of its branch to it, in one write, so that no
     * reader or crash sees one without the other.
     */
    public synchronized void putSnapshotAsHead(SnapshotRecord snapshot) {
        Map<String, SnapshotRecord> nextSnapshots = new LinkedHashMap<>(snapshots);
        nextSnapshots.put(snapshot.id(), snapshot);
        Map<String, BranchRecord> nextBranches = new LinkedHashMap<>(branches);
        nextBranches.computeIfPresent(snapshot.branch(), (name, branch) -> branch.withHead(snapshot.id()));
        save(clones, nextSnapshots, nextBranches);
    }

    public synchronized List<BranchRecord> branches() {
        return new ArrayList<>(branches.values());
    }

    public synchronized Optional<BranchRecord> branch(String name) {
        return Optional.ofNullable(branches.get(name));
    }

    /** Adds a branch unless one with that name exists; returns whether it was added. */
    public synchronized boolean addBranch(BranchRecord branch) {
        if (branches.containsKey(branch.name())) {
            return false;
        }
        Map<String, BranchRecord> next = new LinkedHashMap<>(branches);
        next.put(branch.name(), branch);
        save(clones, snapshots, next);
        return true;
    }

    /** Replaces the branch of that name; returns the branch as recorded. */
    public synchronized BranchRecord putBranch(BranchRecord branch) {
        Map<String, BranchRecord> next = new LinkedHashMap<>(branches);
        next.put(branch.name(), branch);
        save(clones, snapshots, next);
        return branch;
    }

    public synchronized Optional<BranchRecord> setHead(String name, String snapshotId) {
        BranchRecord current = branches.get(name);
        if (current == null) {
            return Optional.empty();
        }
        BranchRecord updated = current.withHead(snapshotId);
        Map<String, BranchRecord> next = new LinkedHashMap<>(branches);
        next.put(name, updated);
        save(clones, snapshots, next);
        return Optional.of(updated);
    }

    public synchronized void removeBranch(String name) {
        if (!BranchRecord.MAIN.equals(name) && branches.containsKey(name)) {
            Map<String, BranchRecord> next = new LinkedHashMap<>(branches);
            next.remove(name);
            save(clones, snapshots, next);
        }
    }

    /** {@code main} always exists; its head is set when the first snapshot is recorded. */
    private static Map<String, BranchRecord> withMain(Map<String, BranchRecord> branches) {
        Map<String, BranchRecord> next = new LinkedHashMap<>(branches);
        next.put(BranchRecord.MAIN, new BranchRecord(BranchRecord.MAIN, "", "", Instant.now()));
        return next;
    }

    /** Writes the new state durably, then makes it the state in memory; on failure memory stays as it was. */
    private void save(Map<String, CloneRecord> nextClones, Map<String, SnapshotRecord> nextSnapshots,
                      Map<String, BranchRecord> nextBranches) {
        EngineState state = new EngineState(instanceId, List.copyOf(nextClones.values()),
                List.copyOf(nextSnapshots.values()), List.copyOf(nextBranches.values()));
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            byte[] content = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(state);
            Files.deleteIfExists(temp); // left by a crash, perhaps with other permissions
            try (FileChannel out = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), OWNER_ONLY)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            // the rename itself is durable only once the directory is on disk
            try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            }
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new StateWriteException("cannot save the engine state to " + file + ": " + ErrorText.reason(e), e);
        }
        clones = nextClones;
        snapshots = nextSnapshots;
        branches = nextBranches;
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // the next write removes it first
        }
    }
}
