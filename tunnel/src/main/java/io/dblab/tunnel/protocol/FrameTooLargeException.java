package io.dblab.tunnel.protocol;

import java.io.IOException;

/** A frame that would exceed the tunnel's maximum size; it is not sent. */
public class FrameTooLargeException extends IOException {
    public FrameTooLargeException(long bytes, int maxFrameBytes) {
        super("a frame of " + bytes + " bytes is larger than the tunnel's maximum of " + maxFrameBytes + " bytes");
    }
}
