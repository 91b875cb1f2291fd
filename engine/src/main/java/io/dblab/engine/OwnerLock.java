package io.dblab.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive lock on something two engines must never share (a state directory, a pool, a pool
 * image), held in a lock file that records the owner ({@code pid 1234, config /etc/dblab/server.yml})
 * so that a second engine can say whom it met. The operating system releases the lock when the
 * owner dies, however it dies; the file itself stays, since deleting it would race with the next
 * engine that locks it.
 */
final class OwnerLock implements AutoCloseable {
    /**
     * Locks this JVM holds. A POSIX lock belongs to the process, and closing any channel on the file
     * drops it: a second engine in the same JVM (an embedding caller, a test) must be turned away
     * before it opens the file at all.
     */
    private static final Map<Path, String> HELD_HERE = new ConcurrentHashMap<>();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private OwnerLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code subject} in {@code file} for {@code owner}, or fails at once with a
     * line that names the engine holding it.
     */
    static OwnerLock acquire(Subject subject, String owner) {
        Path file = subject.lockFile().toAbsolutePath().normalize();
        String holder = HELD_HERE.putIfAbsent(file, owner);
        if (holder != null) {
            throw subject.held(holder);
        }
        try {
            return lock(subject, file, owner);
        } catch (RuntimeException e) {
            HELD_HERE.remove(file);
            throw e;
        }
    }

    private static OwnerLock lock(Subject subject, Path file, String owner) {
        FileChannel channel;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw subject.unwritable(e);
        }
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw subject.held(readOwner(channel));
            }
            write(channel, owner);
            return new OwnerLock(file, channel, lock);
        } catch (IOException | RuntimeException e) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the failure that brought us here is the one to report
            }
            throw e instanceof IOException io ? subject.unwritable(io) : (RuntimeException) e;
        }
    }

    private static String readOwner(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
        // the other engine may have locked the file and not yet written to it
        return text.isEmpty() ? "pid unknown" : text.lines().findFirst().orElseThrow();
    }

    private static void write(FileChannel channel, String owner) throws IOException {
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((owner + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
            channel.close();
        } finally {
            HELD_HERE.remove(file);
        }
    }

    /**
     * What a lock guards: its lock file, and the lines for a lock held by another engine and for a
     * lock file that cannot be written.
     */
    record Subject(String what, Path lockFile, String fixWhenHeld, String fixWhenUnwritable) {
        EngineStartException held(String holder) {
            return new EngineStartException(what + " is in use by another engine (" + holder + ")", fixWhenHeld);
        }

        EngineStartException unwritable(IOException e) {
            return new EngineStartException("cannot write " + what + "'s lock file " + lockFile + " ("
                    + EngineStartException.reason(e) + ")", fixWhenUnwritable, e);
        }
    }
}
