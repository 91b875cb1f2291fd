package io.dblab.platform.storage;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import javax.net.SocketFactory;

/**
 * Gives pgjdbc sockets that reach the embedded PostgreSQL through its Unix socket file, so the server
 * needs no TCP port at all. pgjdbc makes it from the connection properties {@code socketFactory}
 * (this class) and {@code socketFactoryArg} (the socket file's path), and ignores the URL's host.
 */
public final class UnixSocketFactory extends SocketFactory {
    private final Path socketFile;

    public UnixSocketFactory(String socketFile) {
        this.socketFile = Path.of(socketFile);
    }

    @Override
    public Socket createSocket() {
        return new UnixSocket(socketFile);
    }

    @Override
    public Socket createSocket(String host, int port) {
        throw unconnected();
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
        throw unconnected();
    }

    @Override
    public Socket createSocket(InetAddress host, int port) {
        throw unconnected();
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
        throw unconnected();
    }

    private static UnsupportedOperationException unconnected() {
        return new UnsupportedOperationException("pgjdbc connects the socket itself: use createSocket()");
    }
}
