package io.dblab.engine.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The keys changed through {@code POST /admin/config}, kept in the state directory and applied over
 * server.yml at every start, so that what was set through the API survives a restart. Each field is
 * null while it was never set, so server.yml's value stands. The file is the engine's own: a flat
 * YAML map from the key's full name to its value, mode 0600 (it may hold the source password),
 * replaced atomically.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConfigOverlay(
        @JsonProperty(DEBUG) Boolean debug,
        @JsonProperty(CLONE_SETTINGS) Map<String, String> cloneSettings,
        @JsonProperty(REFRESH_TIMETABLE) String refreshTimetable,
        @JsonProperty(SOURCE_CONN_STR) String sourceConnStr,
        @JsonProperty(SOURCE_PASSWORD) String sourcePassword,
        @JsonProperty(DATABASES) List<String> databases,
        @JsonProperty(PARALLEL_JOBS) Integer parallelJobs,
        @JsonProperty(RESTORE_OPTIONS) List<String> restoreOptions) {

    public static final String FILE_NAME = "admin-config.yml";
    public static final String DEBUG = "global.debug";
    public static final String CLONE_SETTINGS = "provision.cloneSettings";
    public static final String REFRESH_TIMETABLE = "retrieval.refresh.timetable";
    public static final String SOURCE_CONN_STR = "retrieval.source.connStr";
    public static final String SOURCE_PASSWORD = "retrieval.source.password";
    public static final String DATABASES = "retrieval.databases";
    public static final String PARALLEL_JOBS = "retrieval.parallelJobs";
    public static final String RESTORE_OPTIONS = "retrieval.logical.restoreOptions";
    /** The keys whose values are secrets: their names may be told, never their values. */
    public static final List<String> SECRETS = List.of(SOURCE_PASSWORD);

    private static final String HEADER = "# Written by the engine for POST /admin/config: these keys are applied over server.yml at\n"
            + "# every start. Delete a line (or the file) to let server.yml's value stand again.\n";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public ConfigOverlay {
        cloneSettings = cloneSettings == null ? null : Map.copyOf(cloneSettings);
        databases = databases == null ? null : List.copyOf(databases);
        restoreOptions = restoreOptions == null ? null : List.copyOf(restoreOptions);
    }

    /** No key set. */
    public static ConfigOverlay none() {
        return new ConfigOverlay(null, null, null, null, null, null, null, null);
    }

    /** The overlay in {@code stateDir}; none when there is no file. */
    public static ConfigOverlay read(Path stateDir) {
        Path file = stateDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return none();
        }
        try {
            ConfigOverlay overlay = YAML.readValue(Files.readString(file), ConfigOverlay.class);
            return overlay == null ? none() : overlay;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + " (the keys set through POST /admin/config): "
                    + e.getMessage().lines().findFirst().orElse("") + "; correct or delete it", e);
        }
    }

    /** Replaces the file in {@code stateDir}: a new file of mode 0600 renamed over the old one, so a crash leaves one or the other. */
    public void write(Path stateDir) {
        Path file = stateDir.resolve(FILE_NAME);
        Path temporary = stateDir.resolve(FILE_NAME + ".new");
        try {
            Files.deleteIfExists(temporary);
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, HEADER + YAML.writeValueAsString(this), StandardCharsets.UTF_8);
            try (var channel = java.nio.channels.FileChannel.open(temporary, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + stateDir + " cannot rename atomically", e);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the next write deletes it first
            }
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** This overlay with {@code newer}'s keys over its own. */
    public ConfigOverlay plus(ConfigOverlay newer) {
        return new ConfigOverlay(either(newer.debug, debug), either(newer.cloneSettings, cloneSettings),
                either(newer.refreshTimetable, refreshTimetable), either(newer.sourceConnStr, sourceConnStr),
                either(newer.sourcePassword, sourcePassword), either(newer.databases, databases),
                either(newer.parallelJobs, parallelJobs), either(newer.restoreOptions, restoreOptions));
    }

    /** {@code base} with this overlay's keys in place of its own. */
    public EngineConfig applyTo(EngineConfig base) {
        EngineConfig.Provision p = base.provision();
        EngineConfig.Provision provision = new EngineConfig.Provision(p.portPool(), p.accessHost(), p.postgresBinDir(),
                p.keepUserPasswords(), p.cloneSharedBuffers(), p.cloneUidBase(), either(cloneSettings, p.cloneSettings()));
        EngineConfig.Retrieval r = base.retrieval();
        EngineConfig.Source source = new EngineConfig.Source(either(sourceConnStr, r.source().connStr()),
                r.source().passwordEnv(), either(sourcePassword, r.source().password()));
        EngineConfig.Logical logical = new EngineConfig.Logical(r.logical().includeTables(), r.logical().excludeTables(),
                either(restoreOptions, r.logical().restoreOptions()));
        EngineConfig.Retrieval retrieval = new EngineConfig.Retrieval(r.mode(), source, either(databases, r.databases()),
                either(parallelJobs, r.parallelJobs()), logical, r.physical(), r.snapshotSchedule(), r.retention(),
                new EngineConfig.Refresh(either(refreshTimetable, r.refresh().timetable())), r.masking());
        return new EngineConfig(base.server(), base.poolManager(), provision, retrieval, base.cloning(), base.stateDir(),
                base.platform(), base.webhooks(), new EngineConfig.Global(either(debug, base.global().debug())));
    }

    /** The problems of {@code base} with this overlay applied, as server.yml's check finds them; empty when it is valid. */
    public List<String> problemsWith(EngineConfig base) {
        return ConfigValidator.validate(applyTo(base));
    }

    /** The keys this overlay sets, in the order of the fields. */
    public List<String> keys() {
        return keysWhere(new EngineConfig(null, null, null, null, null, null), true);
    }

    /** The keys whose value in {@code base} this overlay changes. */
    public List<String> changedKeys(EngineConfig base) {
        return keysWhere(base, false);
    }

    /** The keys this overlay sets: all of them, or those whose value differs from {@code base}'s. */
    private List<String> keysWhere(EngineConfig base, boolean allSet) {
        EngineConfig after = applyTo(base);
        Map<String, Object[]> values = new LinkedHashMap<>();
        values.put(DEBUG, new Object[] {debug, base.global().debug(), after.global().debug()});
        values.put(CLONE_SETTINGS, new Object[] {cloneSettings, base.provision().cloneSettings(),
                after.provision().cloneSettings()});
        values.put(REFRESH_TIMETABLE, new Object[] {refreshTimetable, base.retrieval().refresh().timetable(),
                after.retrieval().refresh().timetable()});
        values.put(SOURCE_CONN_STR, new Object[] {sourceConnStr, base.retrieval().source().connStr(),
                after.retrieval().source().connStr()});
        values.put(SOURCE_PASSWORD, new Object[] {sourcePassword, base.retrieval().source().password(),
                after.retrieval().source().password()});
        values.put(DATABASES, new Object[] {databases, base.retrieval().databases(), after.retrieval().databases()});
        values.put(PARALLEL_JOBS, new Object[] {parallelJobs, base.retrieval().parallelJobs(),
                after.retrieval().parallelJobs()});
        values.put(RESTORE_OPTIONS, new Object[] {restoreOptions, base.retrieval().logical().restoreOptions(),
                after.retrieval().logical().restoreOptions()});
        List<String> keys = new ArrayList<>();
        values.forEach((key, v) -> {
            if (v[0] != null && (allSet || !Objects.equals(v[1], v[2]))) {
                keys.add(key);
            }
        });
        return keys;
    }

    private static <T> T either(T preferred, T otherwise) {
        return preferred != null ? preferred : otherwise;
    }
}
