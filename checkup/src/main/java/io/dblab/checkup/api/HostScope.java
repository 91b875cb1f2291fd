package io.dblab.checkup.api;

/** Which hosts a check runs on. */
public enum HostScope {
    ANY,
    PRIMARY_ONLY
}
