package io.dblab.engine.masking;

import java.nio.file.Path;
import java.util.List;

/**
 * The parsed rules file: column rules, then scripts, both in file order. {@code workDir} is the
 * rules file's directory, where shell scripts run.
 */
public record MaskingRules(List<MaskingRule> rules, List<MaskingScript> scripts, Path workDir) {
    public MaskingRules {
        rules = List.copyOf(rules);
        scripts = List.copyOf(scripts);
    }

    public boolean needsKey() {
        return rules.stream().anyMatch(r -> r.action().needsKey());
    }
}
