package io.dblab.client.model;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The compact time the reference uses for snapshot data times in branches and logs
 * ({@code YYYYMMDDHHMMSS}, UTC, Go layout {@code 20060102150405}); its CLI parses exactly that.
 */
public final class DataStateAt {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private DataStateAt() {}

    public static String format(Instant instant) {
        return instant == null ? "" : FORMAT.format(instant.atOffset(ZoneOffset.UTC));
    }

    /** The instant of a compact time, or of an RFC 3339 one (older engines sent those); empty if neither. */
    public static Optional<Instant> parse(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(text, FORMAT).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException compact) {
            try {
                return Optional.of(Instant.parse(text));
            } catch (DateTimeParseException rfc3339) {
                return Optional.empty();
            }
        }
    }
}
