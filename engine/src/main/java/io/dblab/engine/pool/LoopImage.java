package io.dblab.engine.pool;

import io.dblab.engine.EngineStartException;
import io.dblab.pg.process.Command;
import io.dblab.pg.process.CommandFailedException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * An image file holding a btrfs file system, attached to a loop device so that it can be mounted.
 * Image and device are readable by root only: they hold every clone's files, the standby's
 * unmasked data and blocks the file system has freed but not yet discarded.
 */
final class LoopImage {
    private static final Set<PosixFilePermission> ROOT_ONLY = PosixFilePermissions.fromString("rw-------");
    private final Path file;

    LoopImage(Path file) {
        this.file = file.toAbsolutePath();
    }

    Path file() {
        return file;
    }

    boolean exists() {
        return Files.exists(file);
    }

    /** Creates the image sparse, so it takes disk space only as the pool fills, and formats it. */
    void createBtrfs(long sizeBytes) {
        try {
            Files.createDirectories(file.getParent());
            Files.createFile(file, PosixFilePermissions.asFileAttribute(ROOT_ONLY));
            try (RandomAccessFile image = new RandomAccessFile(file.toFile(), "rw")) {
                image.setLength(sizeBytes);
            }
        } catch (IOException e) {
            deleteQuietly();
            throw new EngineStartException("cannot create the pool image " + file + " (" + EngineStartException.reason(e) + ")",
                    "set imageFile to a path in a directory the engine can write, with room for the pool's size", e);
        }
        try {
            Command.of("mkfs.btrfs", "-q", file.toString()).check();
        } catch (RuntimeException e) {
            // an unformatted image left behind would be taken for a pool at the next start
            deleteQuietly();
            throw e;
        }
    }

    /** The loop device the image is attached to, attaching it now if no device holds it yet. */
    String attach() {
        List<String> attached = attachedDevices();
        if (!attached.isEmpty()) {
            return attached.get(0);
        }
        try {
            return Command.of("losetup", "-f", "--show", file.toString()).check().strip();
        } catch (CommandFailedException e) {
            if (e.getMessage().contains("cannot find an unused loop device")) {
                throw new EngineStartException("no free loop device for the pool image " + file,
                        "free one (losetup -a lists them, losetup -d DEVICE detaches one no longer in use)"
                                + " or allow more loop devices (the loop module's max_loop)", e);
            }
            throw e;
        }
    }

    /** Makes the image and its devices root-only: earlier versions made images readable by all. */
    void restrictToRoot() {
        restrictToRoot(file);
        attachedDevices().forEach(device -> restrictToRoot(Path.of(device)));
    }

    private static void restrictToRoot(Path path) {
        try {
            Files.setPosixFilePermissions(path, ROOT_ONLY);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + path + " readable by root only", e);
        }
    }

    /** Devices holding the image, from lines like {@code /dev/loop0: [65024]:2146560 (/path/image)}. */
    List<String> attachedDevices() {
        String output = Command.of("losetup", "-j", file.toString()).check();
        return Arrays.stream(output.split("\n")).filter(line -> line.startsWith("/dev/"))
                .map(line -> line.substring(0, line.indexOf(':'))).toList();
    }

    void detach(String device) {
        Command.of("losetup", "-d", device).check();
    }

    private void deleteQuietly() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the formatting error that brought us here is the one to report
        }
    }
}
