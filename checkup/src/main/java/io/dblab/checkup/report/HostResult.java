package io.dblab.checkup.report;

import io.dblab.checkup.api.HostData;
import io.dblab.checkup.api.HostRole;

/** What one check got on one host: its data, or the reason it has none. */
public record HostResult(HostRole role, HostData data, String error) {
    public static HostResult ok(HostRole role, HostData data) {
        return new HostResult(role, data, null);
    }

    public static HostResult failed(HostRole role, String error) {
        return new HostResult(role, null, error);
    }

    public boolean isOk() {
        return data != null;
    }
}
