package io.dblab.checkup.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.checkup.api.HostData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretRedactorTest {
    @Test
    void decidesWhichSettingsAreSecret() {
        assertThat(SecretRedactor.isSecretSetting("primary_conninfo")).isTrue();
        assertThat(SecretRedactor.isSecretSetting("ssl_passphrase_command")).isTrue();
        assertThat(SecretRedactor.isSecretSetting("archive_command")).isTrue();
        assertThat(SecretRedactor.isSecretSetting("pgsodium.secret_key")).isTrue();
        assertThat(SecretRedactor.isSecretSetting("myapp.api_key")).isTrue();
        assertThat(SecretRedactor.isSecretSetting("anon.salt")).isTrue();
        assertThat(SecretRedactor.isSecretSetting("password_encryption")).isFalse();
        assertThat(SecretRedactor.isSecretSetting("ssl_passphrase_command_supports_reload")).isFalse();
        assertThat(SecretRedactor.isSecretSetting("ssl_key_file")).isFalse();
        assertThat(SecretRedactor.isSecretSetting("work_mem")).isFalse();
        assertThat(SecretRedactor.isSecretSetting("foreign_key")).isFalse();
    }

    @Test
    void masksOnlyThePasswordsOfAConnectionString() {
        assertThat(SecretRedactor.redactConninfo("host=10.0.0.1 port=5432 user=rep password=xyz sslpassword='a b' application_name=s1"))
                .isEqualTo("host=10.0.0.1 port=5432 user=rep password=******** sslpassword=******** application_name=s1");
        assertThat(SecretRedactor.redactConninfo("postgresql://rep:xyz@10.0.0.1/db"))
                .isEqualTo("postgresql://rep:********@10.0.0.1/db");
        assertThat(SecretRedactor.redactSettingValue("primary_conninfo", "")).isEmpty();
        assertThat(SecretRedactor.redactSettingValue("archive_command", "wal-g --key K wal-push %p")).isEqualTo("********");
    }

    @Test
    void redactsSettingRowsAndSettingKeysAnywhereInTheData() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", "primary_conninfo");
        row.put("setting", "host=a password=xyz");
        row.put("boot_val", "");
        row.put("source", "configuration file");
        row.put("sourcefile", "/etc/pg/postgresql.auto.conf");
        Map<String, Object> byHost = new LinkedHashMap<>();
        byHost.put("h1:5432", "cp /x %p --secret=abc");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("settings", List.of(row, Map.of("name", "work_mem", "setting", "4096")));
        data.put("diff", Map.of("archive_command", byHost));
        data.put("flat", Map.of("ssl_passphrase_command", "echo pw", "port", "5432"));
        data.put("tables", List.of(Map.of("name", "api_key_store", "rows", 5)));

        HostData out = SecretRedactor.redact(HostData.of(data));

        String text = out.values().toString();
        assertThat(text).doesNotContain("xyz", "abc", "echo pw")
                .contains("host=a password=********", "/etc/pg/postgresql.auto.conf", "4096", "5432", "api_key_store");
    }
}
