package io.dblab.engine.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.dblab.engine.config.ConfigOverlay;
import io.dblab.engine.config.EngineConfig;
import io.dblab.engine.error.BadRequestException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The configuration the engine runs with, and its change through {@code POST /admin/config}: the
 * reference's projection is mapped onto this engine's keys ({@link ConfigProjection}), the whole
 * result is checked as server.yml is, then the changed keys are written to the overlay in the state
 * directory ({@link ConfigOverlay}) and handed to the running parts ({@link Target}), so that they
 * apply to the next clone, refresh and scheduled run, and after a restart too. A change that fails
 * any check changes nothing and writes nothing.
 */
public final class AdminConfig {
    /** The reference's answers, word for word: scripts look for them. */
    public static final String DISABLED = "configuration management via UI/API disabled by admin";
    public static final String CONFIG_NOT_LOGICAL = "config is only available in logical mode";
    public static final String SOURCE_TEST_NOT_LOGICAL = "the endpoint is only available in the Logical mode of the data"
            + " retrieval";

    /** The running parts a change reaches. */
    public interface Target {
        /** Checks what server.yml's check cannot (clone settings with the installed PostgreSQL); a 400 when refused. */
        void check(EngineConfig next);

        /** Puts {@code next} in force in place of {@code previous}; called after it was checked and written, so it must not fail. */
        void apply(EngineConfig previous, EngineConfig next);
    }

    /** A parsed {@code POST} body: the keys it changes (names only: one may be a password) and its answer's note. */
    public record Change(ConfigOverlay overlay, List<String> changedKeys, Map<String, String> notApplied) {}

    private final EngineConfig base;
    private final Path stateDir;
    private final Target target;
    private final BiFunction<SourceTest.Target, String, SourceTest.Result> sourceCheck;
    private ConfigOverlay overlay;
    private volatile EngineConfig current;

    /**
     * {@code base}: server.yml as loaded; {@code overlay}: the keys set through the API before
     * (already applied by the engine: {@code current} is base with them); {@code sourceCheck} tests
     * a source with a password (null for none).
     */
    public AdminConfig(EngineConfig base, ConfigOverlay overlay, Target target,
                       BiFunction<SourceTest.Target, String, SourceTest.Result> sourceCheck) {
        this.base = base;
        this.stateDir = Path.of(base.stateDir());
        this.overlay = overlay;
        this.current = overlay.applyTo(base);
        this.target = target;
        this.sourceCheck = sourceCheck;
    }

    public EngineConfig current() {
        return current;
    }

    /** {@code GET /admin/config}. */
    public Map<String, Object> projection() {
        requireLogical(CONFIG_NOT_LOGICAL);
        return ConfigProjection.of(current);
    }

    /** {@code GET /admin/config.yaml}: in any mode, as in the reference. */
    public String effectiveYaml() {
        synchronized (this) {
            return EffectiveConfig.yaml(current, overlay.keys());
        }
    }

    /** The first step of {@code POST /admin/config}: what the body asks to change; a 400 when it is not allowed or malformed. */
    public Change parse(JsonNode body) {
        allowChange(CONFIG_NOT_LOGICAL);
        ConfigProjection.Update update = ConfigProjection.parse(body, current);
        return new Change(update.overlay(), update.overlay().changedKeys(current), update.notApplied());
    }

    /**
     * The second step: checks the whole configuration with the change (a 400 naming every problem),
     * writes the overlay and applies it; answers the new projection. One change at a time.
     */
    public synchronized Map<String, Object> apply(Change change) {
        if (!change.changedKeys().isEmpty()) {
            ConfigOverlay next = overlay.plus(change.overlay());
            List<String> problems = next.problemsWith(base);
            if (!problems.isEmpty()) {
                throw new BadRequestException(String.join("; ", problems));
            }
            EngineConfig nextConfig = next.applyTo(base);
            target.check(nextConfig);
            next.write(stateDir);
            EngineConfig previous = current;
            overlay = next;
            current = nextConfig;
            target.apply(previous, nextConfig);
        }
        Map<String, Object> answer = new LinkedHashMap<>(ConfigProjection.of(current));
        if (!change.notApplied().isEmpty()) {
            answer.put("notApplied", change.notApplied());
        }
        return answer;
    }

    /** {@code POST /admin/test-db-source}: an empty password means the one retrieval uses. */
    public SourceTest.Result testSource(SourceTest.Request request) {
        allowChange(SOURCE_TEST_NOT_LOGICAL);
        SourceTest.Target checked = SourceTest.target(request);
        String password = request.password() == null || request.password().isEmpty()
                ? current.retrieval().source().resolvedPassword(System.getenv()) : request.password();
        return sourceCheck.apply(checked, password);
    }

    /**
     * A 400 unless the configuration may be changed through the API (as in the reference, {@code
     * server.disableConfigModification} comes first, then the mode): checked before a request's
     * body is read, so that a refused request is refused for that whatever it sent.
     */
    public void allowChange(String notLogicalMessage) {
        if (current.server().disableConfigModification()) {
            throw new BadRequestException(DISABLED);
        }
        requireLogical(notLogicalMessage);
    }

    private void requireLogical(String message) {
        if (!"logical".equals(current.retrieval().mode())) {
            throw new BadRequestException(message);
        }
    }
}
