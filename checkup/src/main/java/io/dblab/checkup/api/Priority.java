package io.dblab.checkup.api;

/** P1 needs action now, P2 soon, P3 is worth knowing; INFO is an observation without a problem. */
public enum Priority {
    P1,
    P2,
    P3,
    INFO
}
