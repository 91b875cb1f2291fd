package io.dblab.tunnel.server;

import io.dblab.tunnel.protocol.FrameCodec;
import java.time.Duration;

/**
 * @param maxFrameBytes  the largest frame either way, in UTF-8 bytes; a larger one from the engine closes the tunnel (1009)
 * @param requestTimeout how long a request waits for the engine's answer
 * @param idleTimeout    a tunnel with no traffic at all (the connector pings) for this long is closed
 */
public record TunnelLimits(int maxFrameBytes, Duration requestTimeout, Duration idleTimeout) {
    public static TunnelLimits defaults() {
        return new TunnelLimits(FrameCodec.DEFAULT_MAX_FRAME_BYTES, Duration.ofSeconds(60), Duration.ofSeconds(90));
    }
}
