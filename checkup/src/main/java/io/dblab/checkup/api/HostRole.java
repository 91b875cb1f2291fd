package io.dblab.checkup.api;

/** The role a host has in its cluster, detected with {@code pg_is_in_recovery()}. */
public enum HostRole {
    PRIMARY,
    STANDBY
}
