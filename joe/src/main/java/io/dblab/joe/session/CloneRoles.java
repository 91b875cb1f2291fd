package io.dblab.joe.session;

/**
 * The two roles Joe uses in a session's clone. The engine creates the clone with the management role,
 * a superuser, whose connection does Joe's own work (preparing the clone, HypoPG, the catalog, activity,
 * terminate) and never runs a statement of the person's. Joe creates the user role, a non-superuser
 * that owns the database's objects, and runs every statement of the person's as that role only, so it
 * cannot read server files, run programs or change another role.
 */
public final class CloneRoles {
    public static final String MANAGEMENT = "dblab_joe_admin";
    public static final String USER = "dblab_joe_user";
    /** The schema Joe keeps its marker and HypoPG in: owned by the management role, only usable by the user role. */
    public static final String SCHEMA = "dblab_joe";

    private CloneRoles() {
    }
}
