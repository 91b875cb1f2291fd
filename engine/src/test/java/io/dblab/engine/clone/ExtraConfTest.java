package io.dblab.engine.clone;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The allowlist of extra_conf and how PostgreSQL's refusals become messages; no server needed. */
class ExtraConfTest {
    @Test
    void settingsThatTuneTheServerAreAllowed() {
        for (String name : new String[] {"work_mem", "enable_seqscan", "enable_partitionwise_join", "statement_timeout",
                "random_page_cost", "jit", "log_min_duration_statement", "log_statement", "track_io_timing",
                "autovacuum", "autovacuum_naptime", "geqo_threshold", "shared_buffers", "max_parallel_workers_per_gather"}) {
            assertThat(ExtraConf.allowed(name)).as(name).isTrue();
        }
    }

    @Test
    void settingsThatNameFilesLibrariesProgramsOrAddressesAreNot() {
        for (String name : new String[] {"archive_library", "archive_command", "restore_command", "jit_provider",
                "external_pid_file", "ssl_cert_file", "ssl_key_file", "ssl_ca_file", "krb_server_keyfile", "log_filename",
                "log_directory", "logging_collector", "log_destination", "shared_preload_libraries",
                "session_preload_libraries", "local_preload_libraries", "dynamic_library_path", "port",
                "listen_addresses", "unix_socket_directories", "data_directory", "hba_file", "config_file",
                "include", "primary_conninfo", "search_path", "default_transaction_read_only", "timezone",
                "lc_messages", "pg_stat_statements.max", "enable", "track"}) {
            assertThat(ExtraConf.allowed(name)).as(name).isFalse();
        }
    }

    @Test
    void aRefusalNamesTheSettingPostgresqlNamed() {
        String stderr = """
                2026-12-04 17:13:07.354 GMT [7040] LOG:  skipping missing configuration file "/x/postgresql.auto.conf"
                2026-12-04 17:13:07.354 GMT [7040] FATAL:  -5 kB is outside the valid range for parameter "work_mem" (64 .. 2147483647)
                """;
        assertThat(ExtraConf.rejection(stderr, "extra_conf").getMessage()).isEqualTo("invalid value for setting 'work_mem' in extra_conf: "
                + "-5 kB is outside the valid range for parameter \"work_mem\" (64 .. 2147483647)");
        assertThat(ExtraConf.rejection("postgres: something else went wrong\n", "extra_conf").getMessage())
                .isEqualTo("invalid value for a setting in extra_conf: postgres: something else went wrong");
    }
}
