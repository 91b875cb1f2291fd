package io.dblab.engine.state;

import io.dblab.engine.clone.CloneIds;
import io.dblab.engine.error.NotFoundException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The one place where a clone's status changes: every change is an {@link CloneEvent} checked
 * against the transition table and written with the record in one state write, so a request that
 * the clone's state does not allow (a reset of a clone being deleted) is refused with a clear
 * {@link InvalidTransitionException} instead of racing the work already under way.
 *
 * <p>It also holds the locks that keep snapshots and branches from being deleted while a clone is
 * being made on them: whoever makes a clone depend on a snapshot, or deletes one, does it under
 * {@link #locked} with the snapshot's key (a branch's key first, when a branch is involved).
 */
public final class CloneStateMachine {
    private final StateStore state;
    /** Clones a commit is copying: they stay OK, but must not be reset or destroyed under it. */
    private final Set<String> committing = ConcurrentHashMap.newKeySet();
    /** The locks in use, by key; an entry goes when its last user leaves, so the map stays small. */
    private final Map<String, KeyLock> locks = new HashMap<>();

    CloneStateMachine(StateStore state) {
        this.state = state;
    }

    /** Records a new clone in the initial state; empty when the id is taken. */
    public Optional<CloneRecord> create(CloneRecord clone, String message) {
        CloneRecord initial = clone.withStatus(CloneEvent.INITIAL, message);
        return state.addClone(initial) ? Optional.of(initial) : Optional.empty();
    }

    /**
     * Applies {@code event} to the clone, with {@code change} to the rest of its record, in one
     * write; refuses it when the clone's state (or a running commit) does not allow it.
     */
    public CloneRecord apply(String id, CloneEvent event, String message, UnaryOperator<CloneRecord> change) {
        synchronized (state) {
            CloneRecord current = require(id);
            check(current, event);
            CloneRecord next = change.apply(current).withStatus(event.next(current.status()), message);
            return state.putClones(List.of(next)).get(0);
        }
    }

    public CloneRecord apply(String id, CloneEvent event, String message) {
        return apply(id, event, message, c -> c);
    }

    /** Applies an event that keeps the status ({@link CloneEvent#PROTECT}) with its change. */
    public CloneRecord apply(String id, CloneEvent event, UnaryOperator<CloneRecord> change) {
        synchronized (state) {
            CloneRecord current = require(id);
            return apply(id, event, current.statusMessage(), change);
        }
    }

    /** The clone's data and server are gone: its record goes ({@link CloneEvent#DESTROYED}). */
    public void destroyed(String id) {
        synchronized (state) {
            check(require(id), CloneEvent.DESTROYED);
            state.removeClone(id);
        }
    }

    /**
     * Moves every clone of the snapshot to DELETING in one write, for a forced deletion of the
     * snapshot; refused as a whole when one of them is protected or may not be destroyed now
     * (being created or reset on it). Returns their ids; those already DELETING are not among them.
     */
    public List<String> beginForcedDeletion(String snapshotId) {
        synchronized (state) {
            List<CloneRecord> dependent = state.clones().stream()
                    .filter(c -> snapshotId.equals(c.snapshotId()) && c.status() != CloneStatus.DELETING).toList();
            List<CloneRecord> next = new ArrayList<>();
            for (CloneRecord clone : dependent) {
                if (clone.isProtected()) {
                    throw new InvalidTransitionException("snapshot '" + snapshotId + "' has the protected clone '"
                            + clone.id() + "'", clone.status());
                }
                try {
                    check(clone, CloneEvent.DESTROY);
                } catch (InvalidTransitionException e) {
                    throw new InvalidTransitionException("cannot delete snapshot '" + snapshotId + "' with force: "
                            + e.getMessage(), clone.status());
                }
                next.add(clone.withStatus(CloneEvent.DESTROY.next(clone.status()),
                        "Clone is being deleted with snapshot " + snapshotId + "."));
            }
            if (!next.isEmpty()) {
                state.putClones(next);
            }
            return next.stream().map(CloneRecord::id).toList();
        }
    }

    /**
     * Runs a commit of the clone, which must be OK; meanwhile a reset or destroy of it is refused
     * (its server may be stopped for the copy). Only one commit of a clone runs at a time.
     */
    public <T> T committing(String id, Supplier<T> commit) {
        synchronized (state) {
            check(require(id), CloneEvent.COMMIT);
            committing.add(id);
        }
        try {
            return commit.get();
        } finally {
            committing.remove(id);
        }
    }

    /** Runs {@code work} holding the lock named {@code key} ({@link #snapshotKey}, {@link #branchKey}). */
    public <T> T locked(String key, Supplier<T> work) {
        KeyLock entry;
        synchronized (locks) {
            entry = locks.computeIfAbsent(key, k -> new KeyLock());
            entry.users++;
        }
        entry.lock.lock();
        try {
            return work.get();
        } finally {
            entry.lock.unlock();
            synchronized (locks) {
                if (--entry.users == 0) {
                    locks.remove(key);
                }
            }
        }
    }

    /** How many keys have a lock now (held or waited for); for tests. */
    int lockCount() {
        synchronized (locks) {
            return locks.size();
        }
    }

    public void locked(String key, Runnable work) {
        locked(key, () -> {
            work.run();
            return null;
        });
    }

    public static String snapshotKey(String snapshotId) {
        return "snapshot:" + snapshotId;
    }

    public static String branchKey(String branch) {
        return "branch:" + branch;
    }

    /** Refuses an event the clone's state does not allow, in words a person can act on. */
    static void check(CloneRecord clone, CloneEvent event, boolean beingCommitted) {
        if (beingCommitted && (event == CloneEvent.RESET || event == CloneEvent.DESTROY || event == CloneEvent.COMMIT)) {
            throw new InvalidTransitionException("cannot " + event.verb() + " clone '" + clone.id()
                    + "': a commit of it is running; try again when it is done", clone.status());
        }
        if (!event.allowedFrom(clone.status())) {
            String allowed = event.from().stream().map(Enum::name).collect(Collectors.joining(" or "));
            throw new InvalidTransitionException("cannot " + event.verb() + " clone '" + clone.id() + "': it is "
                    + clone.status() + " (" + clone.status().meaning() + "); that needs a clone that is " + allowed,
                    clone.status());
        }
    }

    private void check(CloneRecord clone, CloneEvent event) {
        check(clone, event, committing.contains(clone.id()));
    }

    /** A lock with the number of threads holding or waiting for it, guarded by {@code locks}. */
    private static final class KeyLock {
        private final ReentrantLock lock = new ReentrantLock();
        private int users;
    }

    private CloneRecord require(String id) {
        return state.clone(id).orElseThrow(() -> new NotFoundException("clone '" + CloneIds.printable(id) + "' not found"));
    }

}
