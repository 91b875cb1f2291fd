package io.dblab.checkup.api;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * One health check: it collects metadata from each host (never table data) and then concludes
 * from what all hosts returned. Implementations are small, stateless classes with an ID such as
 * {@code H002}.
 */
public interface Check {

    /** The check's ID, such as {@code H002}. */
    String id();

    /** A short title, such as "Unused and rarely used indexes". */
    String title();

    /** Where it can run: primary-only checks are skipped on standbys with a reason. */
    default HostScope scope() {
        return HostScope.ANY;
    }

    /**
     * Whether its findings judge the server's configuration (settings, initdb options) rather than
     * the databases. On a Database Lab clone those are the engine's choices (a clone runs with small
     * shared_buffers, and a logical copy is a fresh cluster), so {@code checkup run --clone} leaves
     * such checks out.
     */
    default boolean judgesServerConfiguration() {
        return false;
    }

    /**
     * Collects this check's data from one host. Throw {@link CheckUnavailableException} with the
     * reason when it cannot run there (missing extension, missing privilege …); the run goes on.
     */
    HostData collect(HostConnection host) throws SQLException;

    /** Findings from the data of every host the check ran on, keyed by host name. */
    List<Finding> conclude(Map<String, HostData> byHost, CheckContext context);
}
