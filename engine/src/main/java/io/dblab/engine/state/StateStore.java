package io.dblab.engine.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dblab.client.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The engine's persistent state ({@code state.json} in the state directory, mode 0600). Every change
 * is written before it is acted on, by write-to-temp-and-rename, so a crash leaves either the old or
 * the new file and the next start can reconcile it with the disk.
 */
public final class StateStore {
    private final Path file;
    private final ObjectMapper json = Json.mapper();
    private final Map<String, CloneRecord> clones = new LinkedHashMap<>();
    private final Map<String, SnapshotRecord> snapshots = new LinkedHashMap<>();
    private final Map<String, BranchRecord> branches = new LinkedHashMap<>();
    private final String instanceId;

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
                    addMain();
                    save();
                }
            } else {
                instanceId = UUID.randomUUID().toString().replace("-", "").substring(0, 20);
                addMain();
                save();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read engine state " + file, e);
        }
    }

    public String instanceId() {
        return instanceId;
    }

    public synchronized List<CloneRecord> clones() {
        return new ArrayList<>(clones.values());
    }

    public synchronized Optional<CloneRecord> clone(String id) {
        return Optional.ofNullable(clones.get(id));
    }

    /** Adds a clone unless one with that id exists; returns whether it was added. */
    public synchronized boolean addClone(CloneRecord clone) {
        if (clones.containsKey(clone.id())) {
            return false;
        }
        clones.put(clone.id(), clone);
        save();
        return true;
    }

    public synchronized Optional<CloneRecord> updateClone(String id, UnaryOperator<CloneRecord> change) {
        CloneRecord current = clones.get(id);
        if (current == null) {
            return Optional.empty();
        }
        CloneRecord updated = change.apply(current);
        clones.put(id, updated);
        save();
        return Optional.of(updated);
    }

    public synchronized void removeClone(String id) {
        if (clones.remove(id) != null) {
            save();
        }
    }

    public synchronized List<SnapshotRecord> snapshots() {
        return new ArrayList<>(snapshots.values());
    }

    public synchronized Optional<SnapshotRecord> snapshot(String id) {
        return Optional.ofNullable(snapshots.get(id));
    }

    public synchronized void putSnapshot(SnapshotRecord snapshot) {
        snapshots.put(snapshot.id(), snapshot);
        save();
    }

    public synchronized void removeSnapshots(Collection<String> ids) {
        boolean changed = false;
        for (String id : ids) {
            changed |= snapshots.remove(id) != null;
        }
        if (changed) {
            save();
        }
    }

    /**
     * Records a new snapshot and moves the head of its branch to it, in one write, so that no
     * reader or crash sees one without the other.
     */
    public synchronized void putSnapshotAsHead(SnapshotRecord snapshot) {
        snapshots.put(snapshot.id(), snapshot);
        branches.computeIfPresent(snapshot.branch(), (name, branch) -> branch.withHead(snapshot.id()));
        save();
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
        branches.put(branch.name(), branch);
        save();
        return true;
    }

    public synchronized Optional<BranchRecord> setHead(String name, String snapshotId) {
        BranchRecord current = branches.get(name);
        if (current == null) {
            return Optional.empty();
        }
        BranchRecord updated = current.withHead(snapshotId);
        branches.put(name, updated);
        save();
        return Optional.of(updated);
    }

    public synchronized void removeBranch(String name) {
        if (!BranchRecord.MAIN.equals(name) && branches.remove(name) != null) {
            save();
        }
    }

    /** {@code main} always exists; its head is set when the first snapshot is recorded. */
    private void addMain() {
        branches.put(BranchRecord.MAIN, new BranchRecord(BranchRecord.MAIN, "", "", Instant.now()));
    }

    private void save() {
        EngineState state = new EngineState(instanceId, List.copyOf(clones.values()), List.copyOf(snapshots.values()),
                List.copyOf(branches.values()));
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(temp);
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            json.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), state);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write engine state " + file, e);
        }
    }
}
