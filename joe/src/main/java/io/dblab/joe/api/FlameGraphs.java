package io.dblab.joe.api;

import io.dblab.joe.session.ClonePasswords;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The most recent flame graphs, in memory, under random IDs: a link in an answer serves its SVG for a while. */
final class FlameGraphs {
    static final int KEPT = 500;
    private final Map<String, String> svgs = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > KEPT;
        }
    };

    synchronized String add(String svg) {
        String id = ClonePasswords.randomToken();
        svgs.put(id, svg);
        return id;
    }

    synchronized Optional<String> get(String id) {
        return Optional.ofNullable(svgs.get(id));
    }
}
