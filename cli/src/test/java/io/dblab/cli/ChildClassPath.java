package io.dblab.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The class path for a {@code dblab} JVM a test starts, with the project's own classes and jars
 * copied into a directory of the test: every process of the test then runs the same code, even
 * when a build in the same tree rewrites {@code target/classes} or the installed jars meanwhile.
 */
public final class ChildClassPath {
    private ChildClassPath() {}

    /**
     * Copies into {@code dir}; with {@code everything}, the libraries too, so that a JVM run as
     * another OS user (who cannot read root's Maven repository) finds them.
     */
    public static String copyInto(Path dir, boolean everything) throws IOException {
        Path copies = Files.createDirectories(dir);
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path)) {
                Path copy = copies.resolve("dir" + n++);
                copyTree(path, copy);
                entries.add(copy.toString());
            } else if (Files.isRegularFile(path) && (everything || path.getFileName().toString().startsWith("dblab-"))) {
                Path copy = copies.resolve(n++ + "-" + path.getFileName());
                Files.copy(path, copy);
                entries.add(copy.toString());
            } else {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
