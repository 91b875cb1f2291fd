package io.dblab.cli;

import io.dblab.cli.checkup.CheckupCommand;
import io.dblab.cli.client.BranchCommand;
import io.dblab.cli.client.CloneCommand;
import io.dblab.cli.client.CommitCommand;
import io.dblab.cli.client.InstanceCommand;
import io.dblab.cli.client.LogCommand;
import io.dblab.cli.client.PortForwardCommand;
import io.dblab.cli.client.SnapshotCommand;
import io.dblab.cli.client.SwitchCommand;
import io.dblab.cli.config.ConfigCommand;
import io.dblab.cli.config.InitCommand;
import io.dblab.cli.demo.DemoCommand;
import io.dblab.cli.engine.EngineCommand;
import io.dblab.cli.joe.JoeCommand;
import io.dblab.cli.platform.PlatformCommand;
import io.dblab.cli.tunnel.TunnelCommand;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code dblab} command with the commands one command line needs. picocli reads every
 * command's annotations by reflection when it is registered, which cost most of a call's start-up
 * when all of them were: {@code dblab snapshot list} needs only {@code snapshot}, {@code --version}
 * none. Help, and a command name that is not known (for picocli's suggestions), get them all.
 * Commands are picked by name, before picocli parses, so the top command's options that take a
 * value are skipped with their value.
 */
final class CommandTree {
    /** In the order the usage lists them. */
    private static final List<Class<?>> COMMANDS = List.of(
            HelpSubcommand.class,
            InitCommand.class,
            InstanceCommand.class,
            SnapshotCommand.class,
            CloneCommand.class,
            BranchCommand.class,
            SwitchCommand.class,
            CommitCommand.class,
            ConfigCommand.class,
            LogCommand.class,
            PortForwardCommand.class,
            EngineCommand.class,
            JoeCommand.class,
            PlatformCommand.class,
            TunnelCommand.class,
            DemoCommand.class,
            CheckupCommand.class);
    private static final Set<String> HELP_OPTIONS = Set.of("-h", "--help");

    private CommandTree() {}

    static CommandLine forArgs(String[] args, Map<String, String> env) {
        CommandLine top = new CommandLine(new DblabCommand(env));
        for (Class<?> command : needed(args)) {
            top.addSubcommand(command);
        }
        // one class serves every chat command, so these subcommands are made, not declared
        Optional.ofNullable(top.getSubcommands().get("joe")).ifPresent(JoeCommand::addChatCommands);
        return top;
    }

    static List<Class<?>> needed(String[] args) {
        Optional<String> name = commandName(args);
        if (name.isEmpty()) {
            return Stream.of(args).anyMatch(HELP_OPTIONS::contains) ? COMMANDS : List.of();
        }
        return COMMANDS.stream().filter(c -> c != HelpSubcommand.class && nameOf(c).equals(name.get())).findFirst()
                .map(c -> List.<Class<?>>of(c)).orElse(COMMANDS);
    }

    /** The first argument that is neither an option of the top command nor an option's value. */
    private static Optional<String> commandName(String[] args) {
        Set<String> takingValues = optionsTakingValues();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("-")) {
                return Optional.of(args[i]);
            }
            if (takingValues.contains(args[i])) {
                i++;
            }
        }
        return Optional.empty();
    }

    /** The top command's options that take a value, when it is given as the next argument. */
    private static Set<String> optionsTakingValues() {
        return Stream.of(DblabCommand.class.getDeclaredFields())
                .filter(f -> f.isAnnotationPresent(Option.class) && !isFlag(f))
                .flatMap(f -> Stream.of(f.getAnnotation(Option.class).names()))
                .collect(Collectors.toSet());
    }

    private static boolean isFlag(Field field) {
        return field.getType() == boolean.class || field.getType() == Boolean.class;
    }

    private static String nameOf(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }
}
