package io.dblab.tunnel.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dblab.client.Json;

/**
 * Frames to and from JSON text, within a maximum size in UTF-8 bytes that both ends enforce, so
 * neither side can make the other buffer without bound.
 */
public final class FrameCodec {
    /** The version of this protocol, sent in {@link Frame.Hello}. */
    public static final int PROTOCOL = 1;
    public static final int DEFAULT_MAX_FRAME_BYTES = 1024 * 1024;

    private final ObjectMapper json = Json.mapper();
    private final int maxFrameBytes;

    public FrameCodec(int maxFrameBytes) {
        if (maxFrameBytes < 1024) {
            throw new IllegalArgumentException("the maximum frame size must be at least 1024 bytes, not " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /** The frame as text to send; refused when it would be larger than the maximum. */
    public String encode(Frame frame) throws FrameTooLargeException {
        String text;
        try {
            text = json.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a tunnel frame", e);
        }
        int bytes = utf8Length(text);
        if (bytes > maxFrameBytes) {
            throw new FrameTooLargeException(bytes, maxFrameBytes);
        }
        return text;
    }

    /** A received frame; {@link ProtocolException} when it is not one of ours. */
    public Frame decode(CharSequence text) throws ProtocolException {
        try {
            Frame frame = json.readValue(text.toString(), Frame.class);
            if (frame == null) {
                throw new ProtocolException("an empty tunnel frame");
            }
            return frame;
        } catch (JsonProcessingException e) {
            throw new ProtocolException("not a tunnel frame: " + e.getOriginalMessage());
        }
    }

    /** The UTF-8 size of text without encoding it. */
    public static int utf8Length(CharSequence text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
