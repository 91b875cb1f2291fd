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
 * Appends one JSON line per control action (time, caller, action, target, result) to
 * {@code audit.log}. Callers pass names and outcomes only; request bodies, which may hold
 * passwords, never reach it.
 */
public final class AuditLog {
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

    public synchronized void record(String caller, String action, String target, String result) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("time", Instant.now().toString());
        entry.put("caller", caller);
        entry.put("action", action);
        entry.put("target", target == null ? "" : target);
        entry.put("result", result);
        try {
            Files.writeString(file, json.writeValueAsString(entry) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to audit log " + file, e);
        }
    }
}
