package io.dblab.engine.clone;

import io.dblab.engine.error.BadRequestException;
import io.dblab.pg.process.Command;
import io.dblab.pg.process.CommandResult;
import io.dblab.pg.process.OsUser;
import io.dblab.pg.server.PgConf;
import io.dblab.pg.server.PgInstallation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL settings a clone request may carry in {@code extra_conf}: an allowlist of
 * settings that name no file, directory, library, program or network address (planner, memory,
 * parallelism, timeouts, checkpoints, vacuum, statistics, logging levels, client defaults), each
 * value checked by the installed PostgreSQL itself before anything is made.
 */
final class ExtraConf {
    /** Families whose every member only tunes the server: planner switches, statistics, autovacuum, GEQO. */
    private static final List<String> PREFIXES = List.of("enable_", "track_", "autovacuum", "geqo");
    private static final Set<String> NAMES = Set.of(
            // planner
            "seq_page_cost", "random_page_cost", "cpu_tuple_cost", "cpu_index_tuple_cost", "cpu_operator_cost",
            "parallel_setup_cost", "parallel_tuple_cost", "min_parallel_table_scan_size",
            "min_parallel_index_scan_size", "effective_cache_size", "effective_io_concurrency",
            "maintenance_io_concurrency", "default_statistics_target", "constraint_exclusion", "cursor_tuple_fraction",
            "from_collapse_limit", "join_collapse_limit", "plan_cache_mode", "recursive_worktable_factor",
            "parallel_leader_participation", "force_parallel_mode", "debug_parallel_query",
            "jit", "jit_above_cost", "jit_inline_above_cost", "jit_optimize_above_cost",
            // memory, connections, locks, workers
            "shared_buffers", "work_mem", "maintenance_work_mem", "hash_mem_multiplier", "temp_buffers",
            "logical_decoding_work_mem", "max_connections", "max_prepared_transactions", "max_locks_per_transaction",
            "max_pred_locks_per_transaction", "max_pred_locks_per_relation", "max_pred_locks_per_page",
            "max_worker_processes", "max_parallel_workers", "max_parallel_workers_per_gather",
            "max_parallel_maintenance_workers", "max_logical_replication_workers", "max_sync_workers_per_subscription",
            "max_wal_senders", "max_replication_slots",
            // timeouts
            "statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout", "idle_session_timeout",
            "deadlock_timeout",
            // WAL, checkpoints, background writer
            "checkpoint_timeout", "checkpoint_completion_target", "max_wal_size", "min_wal_size", "wal_buffers",
            "wal_compression", "wal_writer_delay", "synchronous_commit", "commit_delay", "commit_siblings",
            "bgwriter_delay", "bgwriter_lru_maxpages", "bgwriter_lru_multiplier",
            // vacuum
            "vacuum_cost_delay", "vacuum_cost_limit", "vacuum_cost_page_hit", "vacuum_cost_page_miss",
            "vacuum_cost_page_dirty", "vacuum_freeze_min_age", "vacuum_freeze_table_age",
            "vacuum_multixact_freeze_min_age", "vacuum_multixact_freeze_table_age", "vacuum_failsafe_age",
            "vacuum_multixact_failsafe_age",
            // what is logged (where it goes stays the engine's)
            "log_min_duration_statement", "log_min_duration_sample", "log_statement_sample_rate",
            "log_transaction_sample_rate", "log_statement", "log_min_messages", "log_min_error_statement",
            "client_min_messages", "log_duration", "log_checkpoints", "log_connections", "log_disconnections",
            "log_lock_waits", "log_temp_files", "log_autovacuum_min_duration", "log_error_verbosity",
            "log_line_prefix", "log_parameter_max_length", "log_parameter_max_length_on_error",
            "log_recovery_conflict_waits", "compute_query_id",
            // client defaults that change no path and no way the engine's sessions work
            "datestyle", "intervalstyle", "extra_float_digits", "bytea_output", "default_toast_compression",
            "default_transaction_isolation", "gin_pending_list_limit", "gin_fuzzy_search_limit");
    private static final String PRELOAD = "shared_preload_libraries";
    private static final Pattern LIBRARY_NAME = Pattern.compile("[A-Za-z0-9_]+");
    /** How PostgreSQL names the setting whose value it refused. */
    private static final Pattern PARAMETER = Pattern.compile("parameter \"([^\"]+)\"");
    private static final Pattern FATAL = Pattern.compile("FATAL:\\s+(.*)");
    /** PostgreSQL's messages about a value are a line; a value quoted in one can be long. */
    private static final int MAX_REASON = 300;

    private ExtraConf() {}

    static boolean allowed(String name) {
        return NAMES.contains(name) || PREFIXES.stream().anyMatch(name::startsWith);
    }

    /**
     * Refuses with 400 a setting off the allowlist or a value PostgreSQL would refuse. One
     * {@code postgres -C} process checks all values with the server's own parser (units, ranges,
     * enums), as the clone's server would read them: about 50 ms, and only for requests that carry
     * settings. It reads no data directory: the configuration file is /dev/null and the directory
     * given is the installation's own, where only root could put a postgresql.auto.conf.
     *
     * @param where what the settings came from, as the messages name it
     */
    static void check(Map<String, String> extraConf, String where, PgInstallation pg, OsUser user) {
        check(extraConf, where, pg, user, false);
    }

    /**
     * {@link #check} for the operator's {@code provision.cloneSettings}, which may also name the
     * libraries every clone preloads ({@code shared_preload_libraries}, as the reference's snapshot
     * configs do), each one installed in {@code pg}'s library directory; a clone request never may.
     */
    static void checkOperatorSettings(Map<String, String> settings, String where, PgInstallation pg, OsUser user) {
        check(settings, where, pg, user, true);
    }

    private static void check(Map<String, String> extraConf, String where, PgInstallation pg, OsUser user,
                              boolean operator) {
        if (extraConf.isEmpty()) {
            return;
        }
        List<String> args = new ArrayList<>(List.of(pg.tool("postgres"), "-D", pg.binDir().toString(),
                "-c", "config_file=/dev/null", "-C", "server_version_num"));
        extraConf.forEach((name, value) -> {
            if (operator && name.equals(PRELOAD)) {
                requireInstalled(value, where, pg);
            } else {
                requireAllowed(name, value, where);
            }
            args.add("-c");
            args.add(name + "=" + value);
        });
        CommandResult result = Command.of(args).asUser(user).timeout(Duration.ofSeconds(30)).run();
        if (!result.ok()) {
            throw rejection(result.errors(), where);
        }
    }

    /** Each library a plain name (no path: only the installation's own) with its file in the library directory. */
    private static void requireInstalled(String libraries, String where, PgInstallation pg) {
        Path directory = pg.binDir().resolveSibling("lib");
        for (String library : libraries.split(",")) {
            String name = library.strip();
            if (!LIBRARY_NAME.matcher(name).matches() || !Files.isRegularFile(directory.resolve(name + ".so"))) {
                throw new BadRequestException("setting '" + PRELOAD + "' in " + where + ": library '"
                        + CloneIds.printable(name) + "' is not installed in " + directory);
            }
        }
    }

    private static void requireAllowed(String name, String value, String where) {
        if (!PgConf.isValidName(name)) {
            throw new BadRequestException("invalid setting name in " + where + ": '" + CloneIds.printable(name) + "'");
        }
        if (!allowed(name)) {
            throw new BadRequestException("setting '" + name + "' cannot be changed through " + where);
        }
        if (value == null || value.chars().anyMatch(c -> c == '\n' || c == '\r' || c == 0)) {
            throw new BadRequestException("invalid value for setting '" + name + "' in " + where);
        }
    }

    /** The 400 for PostgreSQL's refusal: the setting it names and its own words. */
    static BadRequestException rejection(String errors, String where) {
        Matcher fatal = FATAL.matcher(errors);
        String reason = (fatal.find() ? fatal.group(1) : errors).strip().replaceAll("\\p{Cntrl}", "?");
        if (reason.length() > MAX_REASON) {
            reason = reason.substring(0, MAX_REASON) + "…";
        }
        Matcher parameter = PARAMETER.matcher(reason);
        String setting = parameter.find() ? "setting '" + parameter.group(1) + "'" : "a setting";
        return new BadRequestException("invalid value for " + setting + " in " + where + ": " + reason);
    }
}
