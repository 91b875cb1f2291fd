package io.dblab.pg.server;

import io.dblab.pg.process.Command;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The fields of {@code pg_controldata} that say whether a cluster was stopped cleanly and which WAL it still needs. */
public record ControlData(String state, String redoWalFile, long checkpointLsn, int timeline, long segmentBytes) {
    private static final long STATE_OFFSET = 16;
    private static final int DB_IN_PRODUCTION = 6;

    public static ControlData read(PgInstallation pg, Path dataDir) {
        // LC_ALL=C: the labels below are translated in other locales.
        String out = Command.of(pg.tool("pg_controldata"), "-D", dataDir.toString())
                .env("LC_ALL", "C").env("LANG", "C").timeout(Duration.ofMinutes(1)).check();
        Map<String, String> fields = new HashMap<>();
        for (String line : out.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        return new ControlData(field(fields, "Database cluster state"),
                field(fields, "Latest checkpoint's REDO WAL file"),
                lsn(field(fields, "Latest checkpoint location")),
                Integer.parseInt(field(fields, "Latest checkpoint's TimeLineID")),
                Long.parseLong(field(fields, "Bytes per WAL segment")));
    }

    /**
     * Whether {@code global/pg_control} says the server is in production (recovery has ended), read
     * from the file itself, which is cheap enough to look at every few milliseconds: the state is the
     * 4-byte field after the 8-byte system identifier and two 4-byte version numbers, in the
     * machine's byte order; 6 is DB_IN_PRODUCTION.
     */
    static boolean inProduction(Path dataDir) {
        try (FileChannel file = FileChannel.open(dataDir.resolve("global/pg_control"), StandardOpenOption.READ)) {
            ByteBuffer state = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder());
            return file.read(state, STATE_OFFSET) == 4 && state.getInt(0) == DB_IN_PRODUCTION;
        } catch (IOException e) {
            return false;
        }
    }

    public boolean cleanlyShutDown() {
        return "shut down".equals(state);
    }

    /** The name of the segment that holds the latest checkpoint record. */
    public String checkpointWalFile() {
        long segment = Long.divideUnsigned(checkpointLsn, segmentBytes);
        long perId = 0x100000000L / segmentBytes;
        return "%08X%08X%08X".formatted(timeline, segment / perId, segment % perId);
    }

    private static String field(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null) {
            throw new IllegalStateException("pg_controldata did not report \"" + name + "\"");
        }
        return value;
    }

    private static long lsn(String text) {
        int slash = text.indexOf('/');
        return (Long.parseLong(text.substring(0, slash), 16) << 32) | Long.parseLong(text.substring(slash + 1), 16);
    }
}
