package io.dblab.engine.state;

import static io.dblab.engine.state.CloneStatus.CREATING;
import static io.dblab.engine.state.CloneStatus.DELETING;
import static io.dblab.engine.state.CloneStatus.FATAL;
import static io.dblab.engine.state.CloneStatus.OK;
import static io.dblab.engine.state.CloneStatus.RESETTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The transition table, cell by cell, and the words of a refusal; no server, no files. */
class CloneTransitionsTest {
    /** For each event: state before → state after; a state not listed refuses the event. */
    private static final Map<CloneEvent, Map<CloneStatus, CloneStatus>> EXPECTED = new EnumMap<>(Map.of(
            CloneEvent.PROVISIONED, Map.of(CREATING, OK, RESETTING, OK),
            CloneEvent.PROVISION_FAILED, Map.of(CREATING, FATAL, RESETTING, FATAL),
            CloneEvent.RESET, Map.of(OK, RESETTING, FATAL, RESETTING),
            CloneEvent.PROTECT, Map.of(CREATING, CREATING, OK, OK, RESETTING, RESETTING, FATAL, FATAL),
            CloneEvent.COMMIT, Map.of(OK, OK),
            CloneEvent.DESTROY, Map.of(OK, DELETING, FATAL, DELETING),
            CloneEvent.DESTROY_FAILED, Map.of(DELETING, FATAL),
            CloneEvent.DESTROYED, Map.of(DELETING, DELETING),
            CloneEvent.LOST, Map.of(OK, FATAL)));

    @Test
    void everyEventInEveryStateFollowsTheTable() {
        assertThat(EXPECTED).containsOnlyKeys(CloneEvent.values());
        for (CloneEvent event : CloneEvent.values()) {
            for (CloneStatus status : CloneStatus.values()) {
                CloneStatus expected = EXPECTED.get(event).get(status);
                if (expected == null) {
                    assertThat(event.allowedFrom(status)).as("%s from %s", event, status).isFalse();
                    assertThatThrownBy(() -> event.next(status)).isInstanceOf(IllegalArgumentException.class);
                } else {
                    assertThat(event.allowedFrom(status)).as("%s from %s", event, status).isTrue();
                    assertThat(event.next(status)).as("%s from %s", event, status).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void aNewCloneStartsCreatingAndEveryStateCanBeLeft() {
        assertThat(CloneEvent.INITIAL).isEqualTo(CREATING);
        // no clone can get stuck: from every state some event leads to another one
        for (CloneStatus status : CloneStatus.values()) {
            assertThat(EXPECTED.values().stream().anyMatch(row -> row.containsKey(status) && row.get(status) != status))
                    .as(status.name()).isTrue();
        }
    }

    @Test
    void aRefusalNamesTheActionTheStateAndWhatIsNeeded() {
        assertThatThrownBy(() -> CloneStateMachine.check(clone(DELETING), CloneEvent.RESET, false))
                .isInstanceOfSatisfying(InvalidTransitionException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("cannot reset clone 'c1': it is DELETING (being deleted); "
                            + "that needs a clone that is OK or FATAL");
                    assertThat(e.current()).isEqualTo(DELETING);
                });
        assertThatThrownBy(() -> CloneStateMachine.check(clone(RESETTING), CloneEvent.DESTROY, false))
                .hasMessage("cannot destroy clone 'c1': it is RESETTING (being reset); that needs a clone that is OK or FATAL");
        assertThatThrownBy(() -> CloneStateMachine.check(clone(CREATING), CloneEvent.COMMIT, false))
                .hasMessageContaining("cannot commit clone 'c1': it is CREATING");
    }

    @Test
    void aRunningCommitRefusesResetDestroyAndAnotherCommitButNotProtection() {
        for (CloneEvent event : new CloneEvent[] {CloneEvent.RESET, CloneEvent.DESTROY, CloneEvent.COMMIT}) {
            assertThatThrownBy(() -> CloneStateMachine.check(clone(OK), event, true))
                    .isInstanceOf(InvalidTransitionException.class)
                    .hasMessageEndingWith("': a commit of it is running; try again when it is done");
        }
        CloneStateMachine.check(clone(OK), CloneEvent.PROTECT, true);
        CloneStateMachine.check(clone(OK), CloneEvent.RESET, false);
    }

    @Test
    void theStatusCodesAreTheReferenceOnes() {
        assertThat(java.util.Arrays.stream(CloneStatus.values()).map(Enum::name).collect(Collectors.joining(",")))
                .isEqualTo("CREATING,OK,RESETTING,DELETING,FATAL");
    }

    private static CloneRecord clone(CloneStatus status) {
        return new CloneRecord("c1", "pool1", "pool1@snapshot_20260101000000", "main", false, Instant.EPOCH, status,
                "", 6000, "u", "v", false, "postgres", Map.of(), 0, Instant.EPOCH, null, null, 0, false);
    }
}
