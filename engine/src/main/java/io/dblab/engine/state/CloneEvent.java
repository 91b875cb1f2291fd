package io.dblab.engine.state;

import static io.dblab.engine.state.CloneStatus.CREATING;
import static io.dblab.engine.state.CloneStatus.DELETING;
import static io.dblab.engine.state.CloneStatus.FATAL;
import static io.dblab.engine.state.CloneStatus.OK;
import static io.dblab.engine.state.CloneStatus.RESETTING;

import java.util.EnumSet;
import java.util.Set;

/**
 * Everything that happens to a clone, with the transition table: the states each event may start
 * from and the state it leads to. Events that leave the state as it is ({@link #PROTECT},
 * {@link #COMMIT}) still list where they are allowed; {@link #DESTROYED} ends the clone's record.
 */
public enum CloneEvent {
    /** Provisioning (create, reset, recovery of either) made the data and the server. */
    PROVISIONED("finish provisioning", EnumSet.of(CREATING, RESETTING), OK),
    /** Provisioning failed and undid what it made. */
    PROVISION_FAILED("fail provisioning", EnumSet.of(CREATING, RESETTING), FATAL),
    RESET("reset", EnumSet.of(OK, FATAL), RESETTING),
    PROTECT("change the protection of", EnumSet.of(CREATING, OK, RESETTING, FATAL), null),
    COMMIT("commit", EnumSet.of(OK), null),
    DESTROY("destroy", EnumSet.of(OK, FATAL), DELETING),
    DESTROY_FAILED("fail deleting", EnumSet.of(DELETING), FATAL),
    /** The data and the server are gone: the record goes with them. */
    DESTROYED("remove", EnumSet.of(DELETING), DELETING),
    /** An OK clone whose data or server is gone: found so at start-up, or its server would not start. */
    LOST("mark as failed", EnumSet.of(OK), FATAL);

    /** Every clone starts here, when its record is first written. */
    public static final CloneStatus INITIAL = CREATING;

    private final String verb;
    private final Set<CloneStatus> from;
    private final CloneStatus to;

    CloneEvent(String verb, Set<CloneStatus> from, CloneStatus to) {
        this.verb = verb;
        this.from = from;
        this.to = to;
    }

    public boolean allowedFrom(CloneStatus status) {
        return from.contains(status);
    }

    /** The state after this event in {@code current}, which must be allowed. */
    public CloneStatus next(CloneStatus current) {
        if (!allowedFrom(current)) {
            throw new IllegalArgumentException(name() + " is not allowed from " + current);
        }
        return to == null ? current : to;
    }

    /** The states this event may start from, in declaration order. */
    public Set<CloneStatus> from() {
        return EnumSet.copyOf(from);
    }

    /** The action in words, for messages: "cannot <verb> clone 'x'". */
    public String verb() {
        return verb;
    }
}
