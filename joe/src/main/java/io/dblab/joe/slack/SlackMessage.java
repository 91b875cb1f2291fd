package io.dblab.joe.slack;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.Set;

/**
 * A person's message to Joe from an {@code event_callback}: a {@code message} in a channel Joe is
 * in or a direct message, or an {@code app_mention}. {@code thread} is where the answer goes: the
 * thread the message is in, or a new one under it.
 */
record SlackMessage(String user, String channel, String text, String ts, String thread) {
    private static final Set<String> TYPES = Set.of("message", "app_mention");

    /**
     * The message to answer, or empty for events Joe leaves alone: other types, messages of bots
     * (Joe's own answers among them), and edits, deletions and joins, which come with a subtype.
     */
    static Optional<SlackMessage> of(JsonNode event) {
        if (!TYPES.contains(event.path("type").asText()) || event.hasNonNull("bot_id") || event.hasNonNull("subtype")) {
            return Optional.empty();
        }
        String user = event.path("user").asText("");
        String channel = event.path("channel").asText("");
        String ts = event.path("ts").asText("");
        if (user.isBlank() || channel.isBlank() || ts.isBlank() || !event.path("text").isTextual()) {
            return Optional.empty();
        }
        String thread = event.path("thread_ts").asText("");
        return Optional.of(new SlackMessage(user, channel, event.path("text").textValue(), ts, thread.isBlank() ? ts : thread));
    }

    /**
     * The same message arrives more than once: Slack retries a delivery it thinks failed, and a
     * message that mentions Joe in a channel comes both as {@code message} and as {@code app_mention}.
     */
    String deliveryKey() {
        return channel + "/" + ts;
    }
}
