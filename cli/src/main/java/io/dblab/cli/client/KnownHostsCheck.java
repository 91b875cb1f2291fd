package io.dblab.cli.client;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Checks an SSH server's host key against an OpenSSH {@code known_hosts} file. A changed key is
 * always refused; an unknown one too, unless the user accepted unknown keys for this run, in which
 * case it is appended to the file, as {@code ssh -o StrictHostKeyChecking=accept-new} does.
 * It remembers the last key it refused, so that the error can show its fingerprint.
 */
final class KnownHostsCheck implements HostKeyRepository {
    private final HostKeyRepository known;
    private final Path file;
    private final boolean acceptUnknown;
    private HostKey refused;

    KnownHostsCheck(JSch jsch, Path file, boolean acceptUnknown) throws JSchException {
        if (Files.exists(file)) {
            jsch.setKnownHosts(file.toString());
        }
        this.known = jsch.getHostKeyRepository();
        this.file = file;
        this.acceptUnknown = acceptUnknown;
    }

    @Override
    public int check(String host, byte[] key) {
        int result = known.check(host, key);
        if (result == NOT_INCLUDED && acceptUnknown) {
            record(host, key);
            return OK;
        }
        if (result != OK) {
            refused = hostKey(host, key);
        }
        return result;
    }

    /** The fingerprint of the last refused key, in OpenSSH's SHA256 form. */
    String refusedFingerprint(JSch jsch) {
        return refused == null ? "unknown" : refused.getFingerPrint(jsch);
    }

    Path file() {
        return file;
    }

    private void record(String host, byte[] key) {
        HostKey hostKey = hostKey(host, key);
        String line = hostKey.getHost() + " " + hostKey.getType() + " " + hostKey.getKey() + "\n";
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the host key of " + host + " in " + file + ": " + e.getMessage(), e);
        }
        known.add(hostKey, null);
    }

    private static HostKey hostKey(String host, byte[] key) {
        try {
            return new HostKey(host, key);
        } catch (JSchException e) {
            throw new IllegalArgumentException("the SSH server " + host + " sent a host key of an unknown type", e);
        }
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
        known.add(hostkey, ui);
    }

    @Override
    public void remove(String host, String type) {
        known.remove(host, type);
    }

    @Override
    public void remove(String host, String type, byte[] key) {
        known.remove(host, type, key);
    }

    @Override
    public String getKnownHostsRepositoryID() {
        return file.toString();
    }

    @Override
    public HostKey[] getHostKey() {
        return known.getHostKey();
    }

    @Override
    public HostKey[] getHostKey(String host, String type) {
        return known.getHostKey(host, type);
    }
}
