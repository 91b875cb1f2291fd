package io.dblab.tunnel.client;

import io.dblab.serverkit.http.Loopback;
import io.dblab.tunnel.protocol.FrameCodec;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * How a connector reaches the Platform.
 *
 * @param platform          the tunnel endpoint, {@code wss://HOST/tunnel}; {@code ws://} only to a loopback address
 * @param key               the registration key, sent as {@code Authorization: Bearer}
 * @param caFile            PEM certificates of the authorities to trust instead of the JVM's, or null
 * @param heartbeat         a ping every this long
 * @param pongTimeout       no pong within this long after a ping: the connection is dead, reconnect
 * @param initialBackoff    the first reconnect's longest wait; it doubles with each failure in a row
 * @param maxBackoff        the cap of the reconnect wait
 * @param refusedRetry      the wait after the Platform refused the key (401/403): slow, since only an admin can fix it
 * @param maxFrameBytes     the largest frame either way
 * @param concurrentRequests requests run against the engine at the same time; more wait in a queue
 */
public record TunnelClientConfig(URI platform, String key, Path caFile, Duration heartbeat, Duration pongTimeout,
                                 Duration initialBackoff, Duration maxBackoff, Duration refusedRetry,
                                 int maxFrameBytes, int concurrentRequests) {
    public TunnelClientConfig {
        String scheme = platform.getScheme() == null ? "" : platform.getScheme().toLowerCase(Locale.ROOT);
        if (platform.getHost() == null || !(scheme.equals("wss") || scheme.equals("ws"))) {
            throw new IllegalArgumentException("invalid Platform tunnel URL '" + platform + "': expected wss://HOST[:PORT]/tunnel");
        }
        if (scheme.equals("ws") && !Loopback.isLoopback(platform.getHost())) {
            throw new IllegalArgumentException("refusing ws:// to " + platform.getHost()
                    + ": the tunnel to a Platform on another host must use wss:// (TLS)");
        }
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("no registration key for the tunnel");
        }
        if (concurrentRequests < 1) {
            throw new IllegalArgumentException("concurrentRequests must be at least 1");
        }
    }

    /** The defaults: a ping every 20 s, 10 s for its pong, reconnects within 1 s doubling up to 60 s, 5 min after a refusal. */
    public static TunnelClientConfig of(URI platform, String key, Path caFile) {
        return new TunnelClientConfig(platform, key, caFile, Duration.ofSeconds(20), Duration.ofSeconds(10),
                Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(5), FrameCodec.DEFAULT_MAX_FRAME_BYTES, 8);
    }

    public TunnelClientConfig withHeartbeat(Duration every, Duration pongWithin) {
        return new TunnelClientConfig(platform, key, caFile, every, pongWithin, initialBackoff, maxBackoff, refusedRetry,
                maxFrameBytes, concurrentRequests);
    }

    public TunnelClientConfig withBackoff(Duration initial, Duration max, Duration afterRefusal) {
        return new TunnelClientConfig(platform, key, caFile, heartbeat, pongTimeout, initial, max, afterRefusal,
                maxFrameBytes, concurrentRequests);
    }

    public TunnelClientConfig withMaxFrameBytes(int bytes) {
        return new TunnelClientConfig(platform, key, caFile, heartbeat, pongTimeout, initialBackoff, maxBackoff, refusedRetry,
                bytes, concurrentRequests);
    }
}
