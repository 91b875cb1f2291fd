package io.dblab.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One benchmark's section of docs/benchmarks.md, between markers of its own: each script owns one
 * section, and writing it leaves the rest of the document as it is.
 */
record DocSection(String name, String script) {

    String begin() {
        return "<!-- " + name + ":begin (written by " + script + "; edits here are overwritten) -->";
    }

    String end() {
        return "<!-- " + name + ":end -->";
    }

    /** The opening of every section: the markers' begin, the title, a quick-run warning, date and command. */
    String head(String title, Machine machine, String command, boolean quick) {
        StringBuilder md = new StringBuilder();
        md.append(begin()).append("\n## ").append(title).append("\n\n");
        if (quick) {
            md.append("**Quick run (`--quick`): fewer runs and smaller sizes; not the reference figures.**\n\n");
        }
        md.append("Measured on ").append(machine.date()).append(" with\n\n```\n").append(command).append("\n```\n\n");
        return md.toString();
    }

    /** Replaces this section, or appends it; the rest of the document stays as it is. */
    void write(Path doc, String section) throws IOException {
        String text = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8)
                : "# Benchmarks\n\nFigures written by the scripts in `bench/`; each script owns one section.\n\n";
        int begin = text.indexOf(begin());
        int end = text.indexOf(end());
        if (begin >= 0 && end > begin) {
            text = text.substring(0, begin) + section + text.substring(end + end().length()).replaceFirst("^\n", "");
        } else {
            text = text + (text.endsWith("\n\n") ? "" : "\n") + section;
        }
        if (doc.getParent() != null) {
            Files.createDirectories(doc.getParent());
        }
        Files.writeString(doc, text, StandardCharsets.UTF_8);
    }

    static String met(boolean met) {
        return met ? "met" : "**not met**";
    }
}
