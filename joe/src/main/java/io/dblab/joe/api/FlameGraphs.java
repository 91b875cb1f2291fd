package io.dblab.joe.api;

import io.dblab.joe.session.ClonePasswords;
import java.util.Optional;

/** The most recent flame graphs, in memory, under random IDs: a link in an answer serves its SVG for a while. */
final class FlameGraphs {
    static final int KEPT = 500;
    private final Newest<String, String> svgs = new Newest<>(KEPT);

    String add(String svg) {
        String id = ClonePasswords.randomToken();
        svgs.put(id, svg);
        return id;
    }

    Optional<String> get(String id) {
        return svgs.get(id);
    }
}
