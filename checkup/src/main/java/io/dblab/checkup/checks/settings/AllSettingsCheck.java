package io.dblab.checkup.checks.settings;

import io.dblab.checkup.api.Check;
import io.dblab.checkup.api.CheckContext;
import io.dblab.checkup.api.Finding;
import io.dblab.checkup.api.HostConnection;
import io.dblab.checkup.api.HostData;
import io.dblab.checkup.api.Priority;
import io.dblab.checkup.checks.common.ServerSettings;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** A003: every setting of every host from {@code pg_settings} (secret values redacted by the runner). */
public final class AllSettingsCheck implements Check {
    @Override
    public String id() {
        return "A003";
    }

    @Override
    public String title() {
        return "Postgres settings";
    }

    @Override
    public HostData collect(HostConnection host) throws SQLException {
        return HostData.of(Map.of("settings", ServerSettings.all(host)));
    }

    @Override
    public List<Finding> conclude(Map<String, HostData> byHost, CheckContext context) {
        StringBuilder text = new StringBuilder();
        byHost.forEach((host, data) -> {
            List<?> settings = data.get("settings");
            text.append(text.length() == 0 ? "" : "; ").append(host).append(": ").append(settings.size()).append(" settings");
        });
        return List.of(Finding.of(Priority.INFO, "Collected " + text + ".", null));
    }
}
