package io.dblab.joe.frontend;

import io.dblab.joe.command.Answer;
import io.dblab.joe.command.ChatCommands;
import io.javalin.http.HttpResponseException;
import java.util.Optional;

/**
 * What every front end (the HTTP API, the chat page) does with a typed command, so that they differ
 * only in how they read it and show the answer: the user, channel and text are checked, the command
 * runs through {@link ChatCommands}, and its flame graph is kept for its link.
 */
public final class CommandDesk {
    static final int MAX_NAME = 200;
    private final ChatCommands chat;
    private final FlameGraphs flameGraphs = new FlameGraphs();

    public CommandDesk(ChatCommands chat) {
        this.chat = chat;
    }

    /** An answer, and the ID of its flame graph in {@link #flameGraphs()} when it has one. */
    public record Reply(Answer answer, Optional<String> flameGraphId) {
    }

    /** Runs a command; each argument may be null (missing), which is a 400 like a blank or overlong one. */
    public Reply run(String user, String channel, String text) {
        Answer answer = chat.handle(required("user", user, MAX_NAME), required("channel", channel, MAX_NAME),
                required("text", text, Integer.MAX_VALUE));
        return new Reply(answer, answer.flameGraphSvg().map(flameGraphs::add));
    }

    public FlameGraphs flameGraphs() {
        return flameGraphs;
    }

    public ChatCommands chat() {
        return chat;
    }

    private static String required(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new HttpResponseException(400, "'" + field + "' must be a non-empty string");
        }
        if (value.length() > maxLength) {
            throw new HttpResponseException(400, "'" + field + "' is longer than " + maxLength + " characters");
        }
        return value;
    }
}
