package io.dblab.tunnel.protocol;

import java.io.IOException;

/** The other end sent something that is not a tunnel frame. */
public class ProtocolException extends IOException {
    public ProtocolException(String message) {
        super(message);
    }
}
