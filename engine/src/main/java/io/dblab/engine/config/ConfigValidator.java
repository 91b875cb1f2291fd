package io.dblab.engine.config;

import io.dblab.engine.schedule.CronSchedule;
import io.dblab.engine.webhook.EngineEvent;
import io.dblab.serverkit.http.Loopback;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the values that parsing alone cannot: ranges, names, combinations and the security rules.
 * It collects every problem so that an operator can fix the file in one go.
 */
final class ConfigValidator {
    private static final Pattern POOL_NAME = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$");
    private static final Set<String> PROVIDERS = Set.of("btrfs", "reflink");
    private static final Pattern BASEBACKUP_RATE = Pattern.compile("(\\d{1,9})([kM]?)");
    private static final Set<String> RETRIEVAL_MODES = Set.of("logical", "physical", "none");
    /** pg_restore options that choose what each of the engine's restore steps does, where and how, or its connection. */
    private static final Set<String> ENGINE_RESTORE_OPTIONS = Set.of("-a", "--data-only", "-s", "--schema-only",
            "--section", "-L", "--use-list", "-l", "--list", "-f", "--file", "-d", "--dbname", "-j", "--jobs", "-1",
            "--single-transaction", "-C", "--create", "-h", "--host", "-p", "--port", "-U", "--username");
    // libpq keyword form (password=..., spaces allowed around '=') and URI form (postgresql://user:secret@host).
    private static final Pattern PASSWORD_IN_CONNSTR =
            Pattern.compile("(?i)(\\bpassword\\s*=)|(^postgres(ql)?://[^/@]*:[^/@]*@)");

    private final List<String> errors = new ArrayList<>();

    private ConfigValidator() {}

    /** Returns the problems found, each a sentence that starts with the key it is about. */
    static List<String> validate(EngineConfig config) {
        ConfigValidator v = new ConfigValidator();
        v.server(config.server());
        v.pools(config.poolManager().pools());
        v.provision(config.provision());
        v.retrieval(config.retrieval());
        v.cloning(config.cloning());
        v.platform(config.platform(), config.server());
        v.webhooks(config.webhooks());
        return List.copyOf(v.errors);
    }

    private void server(EngineConfig.Server s) {
        port("server.port", s.port());
        EngineConfig.Tls tls = s.tls();
        if (isSet(tls.certFile()) != isSet(tls.keyFile())) {
            errors.add("server.tls.certFile and server.tls.keyFile must be set together");
        }
        if (Loopback.isLoopback(s.host())) {
            return;
        }
        // DESIGN.md point 4: an engine reachable from the network must authenticate and encrypt.
        if (s.verificationToken().isBlank()) {
            errors.add("server.verificationToken must be set when server.host is not loopback (server.host is "
                    + s.host() + ")");
        }
        if (!tls.enabled() && !s.allowInsecureHttp()) {
            errors.add("server.host " + s.host() + " is not loopback and server.tls is not configured: "
                    + "configure server.tls (certFile and keyFile) or set server.allowInsecureHttp: true");
        }
    }

    private void pools(List<EngineConfig.Pool> pools) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < pools.size(); i++) {
            EngineConfig.Pool pool = pools.get(i);
            String key = "poolManager.pools[" + i + "]";
            // The name becomes a directory under mountDir; ".." is refused as the pool code refuses it.
            if (!POOL_NAME.matcher(pool.name()).matches() || pool.name().contains("..")) {
                errors.add(key + ".name '" + pool.name() + "' must start with a letter or digit and contain only"
                        + " letters, digits, '_', '.' and '-', without '..'");
            } else if (!seen.add(pool.name())) {
                errors.add(key + ".name '" + pool.name() + "' is used by another pool; pool names must be unique");
            }
            if (!PROVIDERS.contains(pool.provider())) {
                errors.add(key + ".provider must be btrfs or reflink, got '" + pool.provider() + "'");
            }
        }
    }

    /** The largest uid allowed: many tools read uids above 2^31 as negative numbers. */
    private static final long MAX_UID = Integer.MAX_VALUE - 1;
    private static final int MAX_PORT = 65535;

    private void provision(EngineConfig.Provision p) {
        EngineConfig.PortPool ports = p.portPool();
        port("provision.portPool.from", ports.from());
        port("provision.portPool.to", ports.to());
        if (ports.to() < ports.from()) {
            errors.add("provision.portPool.to (" + ports.to() + ") must be >= provision.portPool.from (" + ports.from() + ")");
        }
        if (p.cloneUidBase() < 1000 || (long) p.cloneUidBase() + MAX_PORT > MAX_UID) {
            errors.add("provision.cloneUidBase must be at least 1000 and at most " + (MAX_UID - MAX_PORT)
                    + " (a clone's uid is the base plus its port), got " + p.cloneUidBase());
        }
        Path postgres = Path.of(p.postgresBinDir(), "postgres");
        if (!Files.isRegularFile(postgres) || !Files.isExecutable(postgres)) {
            errors.add("provision.postgresBinDir must contain an executable 'postgres', but " + postgres
                    + (Files.exists(postgres) ? " is not executable" : " does not exist"));
        }
    }

    private void tables(String key, List<String> entries) {
        for (String entry : entries) {
            if (entry.split("\\.", 3).length != 3 || entry.startsWith("-")) {
                errors.add(key + ": '" + entry + "' must be database.schema.table ('*' allowed in each part)");
            }
        }
    }

    private void cron(String key, String expression) {
        if (expression.isEmpty()) {
            return;
        }
        try {
            CronSchedule.parse(expression);
        } catch (IllegalArgumentException e) {
            errors.add(key + ": " + e.getMessage());
        }
    }

    private void retrieval(EngineConfig.Retrieval r) {
        if (!RETRIEVAL_MODES.contains(r.mode())) {
            errors.add("retrieval.mode must be logical, physical or none, got '" + r.mode() + "'");
        }
        String connStr = r.source().connStr();
        // Logical retrieval may start without a source: it waits (status pending) until POST
        // /admin/config gives one, as the reference's first start does. Physical retrieval has
        // no such way: the API changes logical settings only.
        if (r.mode().equals("physical") && !isSet(connStr) && r.physical().restoreCommand().isEmpty()) {
            errors.add("retrieval.source.connStr is required when retrieval.mode is physical and"
                    + " retrieval.physical.restoreCommand is not set");
        }
        tables("retrieval.logical.includeTables", r.logical().includeTables());
        tables("retrieval.logical.excludeTables", r.logical().excludeTables());
        for (String option : r.logical().restoreOptions()) {
            if (!option.startsWith("-")) {
                errors.add("retrieval.logical.restoreOptions: '" + option + "' is not an option (options start with '-')");
            } else if (ENGINE_RESTORE_OPTIONS.contains(option.startsWith("--") ? option.split("=", 2)[0] : option.substring(0, 2))) {
                errors.add("retrieval.logical.restoreOptions: '" + option + "' is the engine's to choose: it restores"
                        + " definitions, rows, and indexes in steps of its own, into each database, with retrieval.parallelJobs");
            }
        }
        cron("retrieval.snapshotSchedule", r.snapshotSchedule());
        cron("retrieval.refresh.timetable", r.refresh().timetable());
        if (r.retention().limit() < 0) {
            errors.add("retrieval.retention.limit must be >= 0, got " + r.retention().limit());
        }
        if (isSet(connStr) && PASSWORD_IN_CONNSTR.matcher(connStr).find()) {
            errors.add("retrieval.source.connStr must not contain a password (password=): put the password in the"
                    + " environment variable named by retrieval.source.passwordEnv");
        }
        if (r.parallelJobs() < 1) {
            errors.add("retrieval.parallelJobs must be >= 1, got " + r.parallelJobs());
        }
        basebackupRate(r.physical().maxRate());
    }

    /** pg_basebackup's --max-rate: kB/s, or with a k or M suffix, from 32 kB/s to 1024 MB/s. */
    private void basebackupRate(String rate) {
        if (rate.isEmpty()) {
            return;
        }
        Matcher m = BASEBACKUP_RATE.matcher(rate);
        long kilobytes = m.matches() ? Long.parseLong(m.group(1)) * ("M".equals(m.group(2)) ? 1024 : 1) : -1;
        if (kilobytes < 32 || kilobytes > 1024 * 1024) {
            errors.add("retrieval.physical.maxRate must be a rate from 32k to 1024M (kilobytes per second, or with"
                    + " a k or M suffix), got '" + rate + "'");
        }
    }

    private void cloning(EngineConfig.Cloning c) {
        if (c.maxIdleMinutes() < 0) {
            errors.add("cloning.maxIdleMinutes must be >= 0, got " + c.maxIdleMinutes());
        }
        if (c.idleCheckSeconds() < 1) {
            errors.add("cloning.idleCheckSeconds must be >= 1, got " + c.idleCheckSeconds());
        }
        if (c.protectionLeaseDurationMinutes() < 0) {
            errors.add("cloning.protectionLeaseDurationMinutes must be >= 0, got " + c.protectionLeaseDurationMinutes());
        }
        if (c.protectionMaxDurationMinutes() < 0) {
            errors.add("cloning.protectionMaxDurationMinutes must be >= 0, got " + c.protectionMaxDurationMinutes());
        }
        if (c.protectionExpiryWarningMinutes() < 0) {
            errors.add("cloning.protectionExpiryWarningMinutes must be >= 0, got " + c.protectionExpiryWarningMinutes());
        }
    }

    private void platform(EngineConfig.Platform p, EngineConfig.Server server) {
        if (isSet(p.controlToken()) && p.controlToken().equals(server.verificationToken())) {
            errors.add("platform.controlToken must differ from server.verificationToken: the Platform's token may"
                    + " ask for a few operations only, the verification token for all");
        }
        EngineConfig.Tunnel tunnel = p.tunnel();
        if (!tunnel.enabled()) {
            if (isSet(tunnel.key()) || isSet(tunnel.caFile())) {
                errors.add("platform.tunnel.url is required when platform.tunnel.key or caFile is set");
            }
            return;
        }
        tunnelUrl(tunnel.url());
        if (!isSet(tunnel.key())) {
            errors.add("platform.tunnel.key is required when platform.tunnel.url is set (the registration key the"
                    + " Platform gave for this engine)");
        }
        if (isSet(tunnel.caFile()) && !Files.isRegularFile(Path.of(tunnel.caFile()))) {
            errors.add("platform.tunnel.caFile " + tunnel.caFile() + " does not exist or is not a file");
        }
    }

    /** wss:// anywhere; ws:// only to this machine, where no network lies between engine and Platform (DESIGN.md point 4). */
    private void tunnelUrl(String url) {
        secureUrl("platform.tunnel.url", url, "wss", "ws");
    }

    private void webhooks(EngineConfig.Webhooks w) {
        for (int i = 0; i < w.hooks().size(); i++) {
            EngineConfig.Hook hook = w.hooks().get(i);
            String key = "webhooks.hooks[" + i + "]";
            secureUrl(key + ".url", hook.url(), "https", "http");
            if (hook.trigger().isEmpty()) {
                errors.add(key + ".trigger is empty: name the events to send, one or more of " + EngineEvent.TYPES);
            }
            hook.trigger().stream().filter(t -> !EngineEvent.TYPES.contains(t)).forEach(t ->
                    errors.add(key + ".trigger: unknown event '" + t + "', known: " + EngineEvent.TYPES));
        }
        if (w.attempts() < 1 || w.attempts() > 10) {
            errors.add("webhooks.attempts must be between 1 and 10, got " + w.attempts());
        }
        if (w.backoffMillis() < 1 || w.timeoutMillis() < 1) {
            errors.add("webhooks.backoffMillis and webhooks.timeoutMillis must be positive");
        }
    }

    /**
     * A URL with the TLS {@code secure} scheme, or the {@code plain} one only to a loopback host,
     * where no network lies between the engine and the other end (DESIGN.md point 4).
     */
    private void secureUrl(String key, String url, String secure, String plain) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            errors.add(key + " is not a URL: '" + url + "'");
            return;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals(secure) || scheme.equals(plain))) {
            errors.add(key + " must be " + secure + "://host[:port]/path, got '" + url + "'");
        } else if (scheme.equals(plain) && !Loopback.isLoopback(uri.getHost())) {
            errors.add(key + " must use " + secure + ":// (TLS): " + plain + ":// is allowed only to a loopback host, got '"
                    + url + "'");
        }
    }

    private void port(String key, int port) {
        if (port < 1 || port > 65535) {
            errors.add(key + " must be between 1 and 65535, got " + port);
        }
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
