package io.dblab.tunnel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback that can play a frozen network: once frozen, its connections still
 * accept bytes but pass nothing on, in either direction, and no close gets through either; the
 * sockets stay open, so neither end sees an error. After {@link #thaw()} new connections forward
 * again while the frozen ones stay dead, like flows a NAT forgot.
 */
final class FreezableProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(named());
    /** Whether connections made now start frozen. */
    private volatile boolean frozen;

    FreezableProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Every connection, the open ones and those made from now on, goes silent. */
    void freeze() {
        frozen = true;
        links.forEach(link -> link.frozen = true);
    }

    /** New connections forward again; the frozen ones stay frozen. */
    void thaw() {
        frozen = false;
    }

    @Override
    public void close() throws IOException {
        server.close();
        links.forEach(Link::close);
        threads.shutdownNow();
        try {
            if (!threads.awaitTermination(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the proxy's threads did not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException closed) {
                continue; // close() closed the server socket: the loop ends
            }
            try {
                Link link = new Link(client, new Socket(InetAddress.getLoopbackAddress(), targetPort), frozen);
                links.add(link);
                if (server.isClosed()) {
                    link.close(); // close() ran while this one was being set up
                    return;
                }
                threads.execute(() -> link.pump(link.client, link.target));
                threads.execute(() -> link.pump(link.target, link.client));
            } catch (IOException refused) {
                closeQuietly(client); // the target refused: the client sees its connection end
            }
        }
    }

    /** One proxied connection: the client's socket and the one to the target. */
    private static final class Link {
        final Socket client;
        final Socket target;
        volatile boolean frozen;

        Link(Socket client, Socket target, boolean frozen) {
            this.client = client;
            this.target = target;
            this.frozen = frozen;
        }

        /** Copies until the source ends, then ends the link; frozen, reads and drops everything and ends nothing. */
        void pump(Socket from, Socket to) {
            byte[] buffer = new byte[8192];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    if (!frozen) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // one side failed or close() closed the sockets: handled below like an end
            }
            if (!frozen) {
                close();
            }
        }

        void close() {
            closeQuietly(client);
            closeQuietly(target);
        }

    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException alreadyGone) {
            // nothing to release
        }
    }

    private static ThreadFactory named() {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "test-proxy-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
