package io.dblab.engine.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dblab.client.Json;
import io.dblab.client.model.ApiTime;
import io.dblab.client.model.CloneRequest;
import io.dblab.client.model.Retrieval;
import io.dblab.engine.error.ErrorText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends one JSON line per control action (time, caller, action, target, result, and for some
 * actions details) to {@code audit.log}. Callers pass names, settings and outcomes only; request
 * bodies, passwords and password verifiers never reach it.
 *
 * <p>A failed write never fails the action it records (a clone already made must not be undone
 * because its audit line could not be written): the entry goes to the engine log instead, and an
 * alert ({@link #alert()}, shown in {@code GET /status}) stands until a write succeeds again; the
 * first entry written then says how many were lost and when.
 */
public final class AuditLog {
    /** The caller of what the engine does on its own (schedules, retrieval, idle deletion). */
    public static final String ENGINE = "engine";
    /** The alert's type in {@code GET /status}. */
    public static final String ALERT = "audit_write_failed";
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private final Path file;
    private final ObjectMapper json = Json.mapper();
    /** Entries lost since the last successful write; 0 while the log is writable. */
    private int lost;
    private Instant firstLost;
    private Instant lastLost;
    private String lastError;

    public AuditLog(Path stateDir) {
        this.file = stateDir.resolve("audit.log");
        try {
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create audit log " + file, e);
        }
    }

    public Path file() {
        return file;
    }

    public void record(String caller, String action, String target, String result) {
        record(caller, action, target, result, Map.of());
    }

    /** An entry with {@code details}: what was asked beyond the target (never a secret); left out when empty. */
    public synchronized void record(String caller, String action, String target, String result, Map<String, ?> details) {
        Map<String, Object> entry = entry(caller, action, target == null ? "" : target, result);
        if (!details.isEmpty()) {
            entry.put("details", details);
        }
        String line;
        try {
            line = json.writeValueAsString(entry);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode an audit entry", e); // a programming error, not the disk
        }
        try {
            if (lost > 0) {
                append(json.writeValueAsString(entry(ENGINE, "audit.lost", file.toString(), lost
                        + " entries could not be written between " + firstLost + " and " + lastLost
                        + " (" + lastError + "); the engine log has them")));
                LOG.info("the audit log {} is writable again; {} entries were lost", file, lost);
                lost = 0;
            }
            append(line);
        } catch (IOException | RuntimeException e) {
            lost++;
            lastLost = Instant.now();
            firstLost = lost == 1 ? lastLost : firstLost;
            lastError = ErrorText.reason(e);
            LOG.error("cannot append to the audit log {} ({}); the entry was: {}", file, lastError, line);
        }
    }

    /** What a clone request asked for: everything but the password. */
    public static Map<String, Object> details(CloneRequest request) {
        Map<String, Object> details = new LinkedHashMap<>();
        if (request.db() != null) {
            details.put("username", request.db().username());
            details.put("db_name", request.db().dbName());
            details.put("restricted", request.db().restricted());
        }
        details.put("protected", request.isProtected());
        details.put("snapshot", request.snapshot() == null ? null : request.snapshot().id());
        details.put("branch", request.branch());
        details.put("extra_conf", request.extraConf());
        details.values().removeIf(Objects::isNull);
        return details;
    }

    /** The alert while entries cannot be written; empty when the last write succeeded. */
    public synchronized Optional<Retrieval.Alert> alert() {
        if (lost == 0) {
            return Optional.empty();
        }
        return Optional.of(new Retrieval.Alert("error", "The audit log " + file + " cannot be written (" + lastError
                + "); " + lost + " entries since " + firstLost + " are only in the engine log", ApiTime.format(lastLost), lost));
    }

    private static Map<String, Object> entry(String caller, String action, String target, String result) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("time", Instant.now().toString());
        entry.put("caller", caller);
        entry.put("action", action);
        entry.put("target", target);
        entry.put("result", result);
        return entry;
    }

    private void append(String line) throws IOException {
        Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
}
