package io.dblab.joe.flame;

import java.util.List;

/** Warm colours, the same for the same node type in every graph. */
final class Palette {
    private static final List<String> COLORS = List.of("#e8743b", "#f2a03d", "#f6c85f", "#d95f43", "#ef8a62",
            "#fdae61", "#e6550d", "#fd8d3c", "#fdd49e", "#f16913");

    private Palette() {
    }

    static String color(String nodeType) {
        return COLORS.get(Math.floorMod(nodeType.hashCode(), COLORS.size()));
    }
}
