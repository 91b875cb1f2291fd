package io.dblab.checkup.checks.cluster;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Builds a VersionCheck that believes today is a given date. */
public final class VersionCheckAccess {
    private VersionCheckAccess() {}

    public static VersionCheck at(LocalDate today) {
        return new VersionCheck(Clock.fixed(today.atStartOfDay().toInstant(ZoneOffset.UTC), ZoneOffset.UTC));
    }
}
