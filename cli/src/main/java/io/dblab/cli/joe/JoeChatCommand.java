package io.dblab.cli.joe;

import io.dblab.cli.CommandFailedException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * One chat command sent to a running Joe: prints the answer's text (or, with {@code --json}, all of
 * Joe's JSON), and exits 1 when the command failed (an SQL error, over the quota, no clone).
 */
@Command
final class JoeChatCommand implements Callable<Integer> {
    @ParentCommand
    private JoeCommand joe;

    @Mixin
    private JoeTarget target;

    @Spec
    private CommandSpec spec;

    private final ChatVerb verb;

    private JoeChatCommand(ChatVerb verb) {
        this.verb = verb;
    }

    /** The subcommand of one verb, with its description and its words. */
    static CommandLine line(ChatVerb verb) {
        CommandLine line = new CommandLine(new JoeChatCommand(verb));
        CommandSpec spec = line.getCommandSpec();
        spec.usageMessage().description(verb.description);
        if (!verb.label.isEmpty()) {
            spec.addPositional(PositionalParamSpec.builder().paramLabel(verb.label).arity(verb.arity).required(true)
                    .type(List.class).auxiliaryTypes(String.class).build());
        }
        return line;
    }

    @Override
    public Integer call() {
        List<String> words = spec.positionalParameters().isEmpty() ? List.of() : spec.positionalParameters().get(0).getValue();
        JoeApiClient client = new JoeApiClient(target.url(joe.env()), JoeTarget.token(joe.env()));
        JoeApiClient.Reply reply = client.command(target.user(), target.channel(), verb.text(words == null ? List.of() : words));
        boolean answered = reply.status() == 200;
        if (target.json()) {
            joe.json().print(reply.json());
        } else if (answered) {
            PrintWriter out = spec.commandLine().getOut();
            out.println(reply.text());
            out.flush();
        } else {
            throw new CommandFailedException("Joe did not run it: " + reply.text());
        }
        return answered && reply.json().path("ok").asBoolean() ? 0 : 1;
    }
}
