package io.dblab.engine.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dblab.client.Json;
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

/**
 * Appends one JSON line per control action (time, caller, action, target, result, and for some
 * actions details) to {@code audit.log}. Callers pass names, settings and outcomes only; request
 * bodies, passwords and password verifiers never reach it.
 */
public final class AuditLog {
    /** The caller of what the engine does on its own (schedules, retrieval, idle deletion). */
    public static final String ENGINE = "engine";
    private final Path file;
    private final ObjectMapper json = Json.mapper();

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
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("time", Instant.now().toString());
        entry.put("caller", caller);
        entry.put("action", action);
        entry.put("target", target == null ? "" : target);
        entry.put("result", result);
        if (!details.isEmpty()) {
            entry.put("details", details);
        }
        try {
            Files.writeString(file, json.writeValueAsString(entry) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to audit log " + file, e);
        }
    }
}
