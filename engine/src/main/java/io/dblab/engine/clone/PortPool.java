package io.dblab.engine.clone;

import io.dblab.engine.error.BadRequestException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.BitSet;

/**
 * The clone ports ({@code provision.portPool}). A port is handed out once until released, and only
 * if nothing else on the machine listens on it, so concurrent clone creations never collide.
 */
public final class PortPool {
    private final int from;
    private final int to;
    private final BitSet taken;

    public PortPool(int from, int to) {
        this.from = from;
        this.to = to;
        this.taken = new BitSet(to - from + 1);
    }

    public synchronized int allocate() {
        for (int port = from; port <= to; port++) {
            if (!taken.get(port - from) && isFree(port)) {
                taken.set(port - from);
                return port;
            }
        }
        throw new BadRequestException("no free port in the clone port pool " + from + "-" + to);
    }

    /** Marks a port as used by a clone the engine already has (after a restart). */
    public synchronized void reserve(int port) {
        if (port >= from && port <= to) {
            taken.set(port - from);
        }
    }

    public synchronized void release(int port) {
        if (port >= from && port <= to) {
            taken.clear(port - from);
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress("0.0.0.0", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
