package io.dblab.testkit;

import io.dblab.pg.process.Command;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A private certificate authority made with openssl, and a server certificate it signed for
 * 127.0.0.1 and localhost: what an operator with an internal CA has. All PEM; the key is PKCS#8.
 */
public record TestCa(Path caCert, Path serverCert, Path serverKey) {

    public static TestCa createIn(Path dir) {
        Path caKey = dir.resolve("ca-key.pem");
        Path caCert = dir.resolve("ca.pem");
        Path key = dir.resolve("server-key.pem");
        Path request = dir.resolve("server.csr");
        Path cert = dir.resolve("server.pem");
        Path extensions = dir.resolve("server.ext");
        Command.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=dblab test CA",
                "-keyout", caKey.toString(), "-out", caCert.toString()).check();
        Command.of("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
                "-keyout", key.toString(), "-out", request.toString()).check();
        try {
            Files.writeString(extensions, "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Command.of("openssl", "x509", "-req", "-in", request.toString(), "-CA", caCert.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-days", "1", "-extfile", extensions.toString(), "-out", cert.toString()).check();
        return new TestCa(caCert, cert, key);
    }
}
