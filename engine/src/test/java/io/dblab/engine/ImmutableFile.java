package io.dblab.engine;

import io.dblab.testkit.Requirements;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Makes a file or directory immutable ({@code chattr +i}) until closed: then not even root can
 * write it, create files in it or rename over it, which is how tests make real writes fail.
 */
public final class ImmutableFile implements AutoCloseable {
    private final Path path;

    private ImmutableFile(Path path) {
        this.path = path;
    }

    public static ImmutableFile of(Path path) {
        Requirements.requireRoot();
        chattr("+i", path);
        return new ImmutableFile(path);
    }

    @Override
    public void close() {
        chattr("-i", path);
    }

    private static void chattr(String flag, Path path) {
        try {
            Process process = new ProcessBuilder("chattr", flag, path.toString()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("chattr " + flag + " " + path + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run chattr", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
