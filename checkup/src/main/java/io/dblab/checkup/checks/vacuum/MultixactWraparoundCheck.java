package io.dblab.checkup.checks.vacuum;

import java.util.List;

/**
 * F006 — MultiXact ID wraparound: per database {@code mxid_age(datminmxid)}, and per database the
 * ten tables with the oldest {@code relminmxid} (TOAST included), each as a share of 2³¹, the
 * distance at which MultiXact IDs would wrap around; compared with
 * {@code autovacuum_multixact_freeze_max_age} too. (The MultiXact member space can run out earlier;
 * PostgreSQL gives no catalog view of it.)
 *
 * <p>P1 above 50%, P2 above 25% ({@code f006.p1_percent}, {@code f006.p2_percent}). Primary only.
 */
public final class MultixactWraparoundCheck extends WraparoundCheck {
    @Override
    public String id() {
        return "F006";
    }

    @Override
    public String title() {
        return "MultiXact ID wraparound";
    }

    @Override
    String what() {
        return "MultiXact ID";
    }

    @Override
    String ageFunction() {
        return "mxid_age";
    }

    @Override
    String databaseColumn() {
        return "datminmxid";
    }

    @Override
    String tableColumn() {
        return "relminmxid";
    }

    @Override
    String freezeMaxAgeSetting() {
        return "autovacuum_multixact_freeze_max_age";
    }

    @Override
    List<String> settings() {
        return List.of("autovacuum_multixact_freeze_max_age", "vacuum_multixact_freeze_min_age",
                "vacuum_multixact_freeze_table_age", "vacuum_multixact_failsafe_age");
    }
}
