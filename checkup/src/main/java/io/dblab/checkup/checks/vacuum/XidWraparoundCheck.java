package io.dblab.checkup.checks.vacuum;

import java.util.List;

/**
 * F002 — transaction ID wraparound: per database {@code age(datfrozenxid)}, and per database the
 * ten tables with the oldest {@code relfrozenxid} (a table's or its TOAST table's, whichever is
 * older), each as a share of 2³¹ — the distance at which IDs would wrap around (PostgreSQL stops
 * assigning new ones a few million before). The age is also compared with
 * {@code autovacuum_freeze_max_age}, where anti-wraparound autovacuum starts (9.3% of 2³¹ by default).
 *
 * <p>P1 when a database is more than 50% of the way, P2 above 25% (thresholds
 * {@code f002.p1_percent} and {@code f002.p2_percent}). Primary only.
 */
public final class XidWraparoundCheck extends WraparoundCheck {
    @Override
    public String id() {
        return "F002";
    }

    @Override
    public String title() {
        return "Transaction ID wraparound";
    }

    @Override
    String what() {
        return "transaction ID";
    }

    @Override
    String ageFunction() {
        return "age";
    }

    @Override
    String databaseColumn() {
        return "datfrozenxid";
    }

    @Override
    String tableColumn() {
        return "relfrozenxid";
    }

    @Override
    String freezeMaxAgeSetting() {
        return "autovacuum_freeze_max_age";
    }

    @Override
    List<String> settings() {
        return List.of("autovacuum_freeze_max_age", "vacuum_freeze_min_age", "vacuum_freeze_table_age",
                "vacuum_failsafe_age");
    }
}
