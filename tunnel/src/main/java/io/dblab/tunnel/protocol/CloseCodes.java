package io.dblab.tunnel.protocol;

/** WebSocket close codes the tunnel uses (RFC 6455, section 7.4.1). */
public final class CloseCodes {
    public static final int NORMAL = 1000;
    /** Going away: the connector or hub stops. */
    public static final int GOING_AWAY = 1001;
    /** Not a tunnel frame. */
    public static final int PROTOCOL_ERROR = 1002;
    /** The Platform no longer accepts this tunnel: its key was revoked, or a newer tunnel replaced it. */
    public static final int POLICY_VIOLATION = 1008;
    /** A frame over the maximum size. */
    public static final int MESSAGE_TOO_BIG = 1009;

    private CloseCodes() {}
}
