package io.dblab.platform.engines;

import io.dblab.platform.auth.WebSessions;
import io.dblab.platform.storage.SecretBox;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

/**
 * What authenticates a relayed request between two instances: the engine, method, path, the body's
 * SHA-256 and the time, sealed with the {@link SecretBox} (AES-GCM under the key every instance gets
 * from its environment). A copy of the database alone cannot make one, and a ticket fits one request
 * within {@link #LIFETIME}.
 */
final class RelayTicket {
    static final String HEADER = "X-Dblab-Relay";
    static final Duration LIFETIME = Duration.ofSeconds(60);
    private static final String CONTEXT = "tunnel-relay";
    private final SecretBox secrets;
    private final Clock clock;

    RelayTicket(SecretBox secrets, Clock clock) {
        this.secrets = secrets;
        this.clock = clock;
    }

    String issue(long engineId, String method, String path, String body) {
        return secrets.seal(text(engineId, method, path, body) + "\n" + clock.instant().getEpochSecond(), CONTEXT);
    }

    /** Whether the ticket was made by an instance with the same key, for exactly this request, recently. */
    boolean admits(String ticket, long engineId, String method, String path, String body) {
        String opened;
        try {
            opened = secrets.open(ticket, CONTEXT);
        } catch (IllegalArgumentException notOurs) {
            return false;
        }
        int cut = opened.lastIndexOf('\n');
        if (cut < 0 || !opened.substring(0, cut).equals(text(engineId, method, path, body))) {
            return false;
        }
        try {
            long age = clock.instant().getEpochSecond() - Long.parseLong(opened.substring(cut + 1));
            return Math.abs(age) <= LIFETIME.toSeconds();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String text(long engineId, String method, String path, String body) {
        return engineId + "\n" + method + "\n" + path + "\n" + HexFormat.of().formatHex(WebSessions.sha256(body == null ? "" : body));
    }
}
