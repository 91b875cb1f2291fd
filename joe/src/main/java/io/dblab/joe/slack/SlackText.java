package io.dblab.joe.slack;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Between Slack's message markup and Joe's commands: what a person typed, and how Joe's answer is shown. */
final class SlackText {
    /** Slack shows about this many characters of a message and cuts the rest. */
    static final int MAX_MESSAGE = 39_000;
    private static final Pattern LEADING_MENTIONS = Pattern.compile("^(\\s*<@[A-Z0-9]+(\\|[^>]*)?>)+");
    /** {@code <https://x|x>}, {@code <mailto:a@b.c|a@b.c>}, {@code <#C123|general>}: Slack's links, with or without a label. */
    private static final Pattern LINK = Pattern.compile("<([^<>|]*)(?:\\|([^<>]*))?>");

    private SlackText() {}

    /**
     * The command in a message: without the mention of Joe in front, with Slack's links back to the
     * text they were made from, its escapes undone, and without backticks (code formatting; SQL has
     * no use for them). An empty message asks for help.
     */
    static String command(String message) {
        String text = LEADING_MENTIONS.matcher(message).replaceFirst("");
        Matcher link = LINK.matcher(text);
        StringBuilder plain = new StringBuilder();
        while (link.find()) {
            String shown = link.group(2) != null ? link.group(2) : link.group(1);
            link.appendReplacement(plain, Matcher.quoteReplacement(shown));
        }
        link.appendTail(plain);
        String command = unescape(plain.toString()).replace("`", "").strip();
        return command.isEmpty() ? "help" : command;
    }

    /** Joe's answer as a Slack message: a code block, so plans keep their layout, cut to what Slack shows. */
    static String answer(String shown) {
        String text = shown.length() > MAX_MESSAGE
                ? shown.substring(0, MAX_MESSAGE) + "\n… (cut: the whole answer is in Joe's history and API)"
                : shown;
        return "```\n" + escape(text) + "\n```";
    }

    /** Slack's three escapes; {@code &amp;} last, so that {@code &amp;lt;} stays {@code &lt;}. */
    private static String unescape(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
