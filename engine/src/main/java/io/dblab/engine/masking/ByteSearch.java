package io.dblab.engine.masking;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds whether any of many byte patterns occurs in a stream, reading it once. Each position's
 * first four bytes are looked up in a bit filter and only the rare hits are compared in full, so
 * the cost per byte barely depends on the number of patterns. Patterns found across read-buffer
 * boundaries are found too: the tail of each buffer is carried into the next.
 */
final class ByteSearch {
    static final int MIN_PATTERN = 4;
    private static final int FILTER_BITS = 1 << 22;
    private static final int BUFFER = 1 << 20;

    private final Map<Integer, List<byte[]>> byHead = new HashMap<>();
    private final BitSet filter = new BitSet(FILTER_BITS);
    private final int maxLength;

    ByteSearch(List<byte[]> patterns) {
        int max = MIN_PATTERN;
        for (byte[] p : patterns) {
            if (p.length < MIN_PATTERN) {
                throw new IllegalArgumentException("patterns must have at least " + MIN_PATTERN + " bytes");
            }
            int head = head(p, 0);
            byHead.computeIfAbsent(head, h -> new ArrayList<>()).add(p);
            filter.set(slot(head));
            max = Math.max(max, p.length);
        }
        maxLength = max;
    }

    boolean isEmpty() {
        return byHead.isEmpty();
    }

    /** Whether the stream holds any pattern. */
    boolean foundIn(InputStream in) throws IOException {
        if (isEmpty()) {
            return false;
        }
        byte[] buf = new byte[BUFFER + maxLength];
        int valid = 0;
        while (true) {
            int read = in.readNBytes(buf, valid, buf.length - valid);
            valid += read;
            boolean end = valid < buf.length;
            // Start positions whose longest possible match lies wholly in the buffer; at the end, all.
            int limit = end ? valid - MIN_PATTERN + 1 : valid - maxLength + 1;
            for (int i = 0; i < limit; i++) {
                int head = head(buf, i);
                if (filter.get(slot(head)) && matchesAt(buf, i, valid, head)) {
                    return true;
                }
            }
            if (end) {
                return false;
            }
            int keep = valid - Math.max(limit, 0);
            System.arraycopy(buf, valid - keep, buf, 0, keep);
            valid = keep;
        }
    }

    private boolean matchesAt(byte[] buf, int at, int valid, int head) {
        List<byte[]> candidates = byHead.get(head);
        if (candidates == null) {
            return false;
        }
        for (byte[] p : candidates) {
            if (at + p.length <= valid && Arrays.equals(buf, at, at + p.length, p, 0, p.length)) {
                return true;
            }
        }
        return false;
    }

    private static int head(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    private static int slot(int head) {
        return (head * 0x9E3779B1) >>> (32 - 22);
    }
}
