package io.dblab.checkup.checks.settings;

import io.dblab.checkup.api.Check;
import io.dblab.checkup.api.CheckContext;
import io.dblab.checkup.api.Finding;
import io.dblab.checkup.api.HostConnection;
import io.dblab.checkup.api.HostData;
import io.dblab.checkup.api.Priority;
import io.dblab.checkup.checks.common.ServerSettings;
import io.dblab.checkup.checks.common.Values;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A006: settings that differ between the hosts of a cluster (primary and standbys). Settings that
 * are naturally per host (ports, paths, recovery and replication connection settings, the
 * version) are left out. P2 for each differing setting: after a failover the new primary would
 * behave differently.
 */
public final class SettingsDiffCheck implements Check {
    /** Settings that may differ between hosts without harm. */
    static final Set<String> HOST_SPECIFIC = Set.of("port", "listen_addresses", "data_directory", "config_file",
            "hba_file", "ident_file", "external_pid_file", "unix_socket_directories", "unix_socket_group",
            "unix_socket_permissions", "primary_conninfo", "primary_slot_name", "promote_trigger_file",
            "restore_command", "archive_cleanup_command", "recovery_end_command", "recovery_min_apply_delay",
            "in_hot_standby", "transaction_read_only", "default_transaction_read_only", "application_name",
            "cluster_name", "server_version", "server_version_num", "ssl_cert_file", "ssl_key_file",
            "ssl_ca_file", "ssl_crl_file", "ssl_crl_dir", "krb_server_keyfile", "shared_memory_size",
            "shared_memory_size_in_huge_pages", "data_directory_mode", "log_directory", "stats_temp_directory");

    @Override
    public String id() {
        return "A006";
    }

    @Override
    public String title() {
        return "Settings that differ between hosts";
    }

    static boolean hostSpecific(String name) {
        return HOST_SPECIFIC.contains(name) || name.startsWith("recovery_target");
    }

    @Override
    public HostData collect(HostConnection host) throws SQLException {
        Map<String, Object> settings = new LinkedHashMap<>();
        for (Map<String, Object> row : ServerSettings.all(host)) {
            String unit = Values.textOrNull(row.get("unit"));
            Object setting = row.get("setting");
            settings.put((String) row.get("name"), setting == null ? null : setting + (unit == null ? "" : " " + unit));
        }
        return HostData.of(Map.of("settings", settings));
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Finding> conclude(Map<String, HostData> byHost, CheckContext context) {
        if (byHost.size() < 2) {
            return List.of(Finding.of(Priority.INFO, "Only one host was checked: nothing to compare.", null));
        }
        Set<String> names = new TreeSet<>();
        byHost.values().forEach(d -> names.addAll(((Map<String, Object>) d.get("settings")).keySet()));
        List<Finding> findings = new ArrayList<>();
        for (String name : names) {
            if (hostSpecific(name)) {
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            byHost.forEach((host, d) -> {
                Map<String, Object> s = d.get("settings");
                values.put(host, s.containsKey(name) ? String.valueOf(s.get(name)) : "(not set)");
            });
            if (values.values().stream().distinct().count() > 1) {
                List<String> parts = new ArrayList<>();
                values.forEach((host, v) -> parts.add(host + ": " + v));
                findings.add(Finding.of(Priority.P2, "Setting " + name + " differs between hosts: "
                                + String.join("; ", parts) + ".",
                        "Use the same value of " + name + " on all hosts, so that a standby that becomes the primary behaves the same."));
            }
        }
        if (findings.isEmpty()) {
            findings.add(Finding.of(Priority.INFO, "All " + byHost.size()
                    + " hosts have the same settings (host-specific ones such as port and paths left out).", null));
        }
        return findings;
    }
}
