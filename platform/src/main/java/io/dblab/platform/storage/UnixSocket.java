package io.dblab.platform.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A {@link Socket} over a Unix domain socket channel (JDK 16+), with the few socket calls pgjdbc
 * makes. The JDK gives no {@code Socket} for such a channel, so this one adapts it. The channel is
 * non-blocking and waits in selectors, so that a read timeout ({@link #setSoTimeout}), which pgjdbc
 * uses for its network timeout and to peek for pending messages, works as on a TCP socket. The TCP
 * options pgjdbc sets (no delay, keep-alive, buffer sizes) mean nothing here and are accepted.
 */
final class UnixSocket extends Socket {
    private final Path file;
    private SocketChannel channel;
    private Selector readable;
    private Selector writable;
    private volatile int timeoutMillis;
    private volatile boolean closed;

    UnixSocket(Path file) {
        this.file = file;
    }

    @Override
    public void connect(SocketAddress ignored) throws IOException {
        connect(ignored, 0);
    }

    /** Connecting a local socket does not wait: the server accepts it or refuses at once. */
    @Override
    public synchronized void connect(SocketAddress ignored, int timeout) throws IOException {
        channel = SocketChannel.open(UnixDomainSocketAddress.of(file));
        channel.configureBlocking(false);
        readable = Selector.open();
        writable = Selector.open();
        channel.register(readable, SelectionKey.OP_READ);
        channel.register(writable, SelectionKey.OP_WRITE);
    }

    @Override
    public boolean isConnected() {
        return channel != null;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (channel != null) {
            try (SocketChannel c = channel; Selector r = readable; Selector w = writable) {
                // closing all three, in this order
            }
        }
    }

    @Override
    public InputStream getInputStream() throws IOException {
        requireOpen();
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return UnixSocket.this.read(ByteBuffer.wrap(b, off, len));
            }
        };
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        requireOpen();
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                UnixSocket.this.write(ByteBuffer.wrap(b, off, len));
            }
        };
    }

    private int read(ByteBuffer buffer) throws IOException {
        if (!buffer.hasRemaining()) {
            return 0;
        }
        long deadline = timeoutMillis == 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            int n = channel.read(buffer);
            if (n != 0) {
                return n;
            }
            await(readable, deadline);
        }
    }

    private void write(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.write(buffer) == 0) {
                await(writable, Long.MAX_VALUE);
            }
        }
    }

    private void await(Selector selector, long deadline) throws IOException {
        requireOpen();
        long left = deadline == Long.MAX_VALUE ? 0 : Math.max(1, (deadline - System.nanoTime()) / 1_000_000L);
        int ready = selector.select(left);
        selector.selectedKeys().clear();
        if (ready == 0 && deadline != Long.MAX_VALUE && System.nanoTime() >= deadline) {
            throw new SocketTimeoutException("Read timed out");
        }
    }

    private void requireOpen() throws SocketException {
        if (closed || channel == null) {
            throw new SocketException("Socket is closed or not connected");
        }
    }

    @Override
    public void setSoTimeout(int timeout) {
        timeoutMillis = timeout;
    }

    @Override
    public int getSoTimeout() {
        return timeoutMillis;
    }

    @Override
    public void setTcpNoDelay(boolean on) {
        // no TCP here
    }

    @Override
    public boolean getTcpNoDelay() {
        return true;
    }

    @Override
    public void setKeepAlive(boolean on) {
        // no TCP here
    }

    @Override
    public boolean getKeepAlive() {
        return false;
    }

    @Override
    public void setReceiveBufferSize(int size) {
        // the kernel's default for local sockets
    }

    @Override
    public void setSendBufferSize(int size) {
        // the kernel's default for local sockets
    }

    @Override
    public void shutdownInput() throws IOException {
        channel.shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    public String toString() {
        return "UnixSocket[" + file + "]";
    }
}
