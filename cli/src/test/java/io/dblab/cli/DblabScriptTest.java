package io.dblab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.engine.Engine;
import io.dblab.pg.process.Command;
import io.dblab.testkit.TempDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code dblab} script as a newcomer meets it, in a copy of this checkout without any build:
 * the first command builds the jar with Maven, saying so in a line before and one after instead of
 * Maven's output, with no terminal escape codes when its output is not a terminal (here: files);
 * the class-data archive is made after the build and again when the jar is newer; later commands
 * print only their answer.
 */
class DblabScriptTest {
    private static final String ESCAPE = "\u001b";

    private Path copy;

    @BeforeEach
    void copyTheCheckoutWithoutBuildOutput() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        copy = Files.createTempDirectory("dblab-script-test-");
        Command.of("tar", "-C", root.toString(), "--exclude=target", "--exclude=.git", "--exclude=./.ci", "-cf",
                copy.resolve("checkout.tar").toString(), ".").check();
        Command.of("tar", "-C", copy.toString(), "-xf", copy.resolve("checkout.tar").toString()).check();
        Files.delete(copy.resolve("checkout.tar"));
    }

    @AfterEach
    void removeTheCopy() {
        TempDirs.deleteRecursively(copy);
    }

    @Test
    void firstCallBuildsQuietlyWithProgressLinesThenCommandsPrintOnlyTheirAnswer() throws Exception {
        Run first = dblab("--version");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).isEqualTo("dblab " + Engine.VERSION + " (Java " + Runtime.version() + ")\n");
        assertThat(first.err()).containsPattern("(?m)^dblab: building .*/cli/target/dblab\\.jar with Maven \\(about a minute; log: .*\\)$")
                .containsPattern("(?m)^dblab: built in \\d+ s$")
                .hasLineCount(2);
        assertThat(first.out() + first.err()).doesNotContain(ESCAPE);
        Path jar = copy.resolve("cli/target/dblab.jar");
        Path archive = copy.resolve("cli/target/dblab.jsa");
        assertThat(archive).isNotEmptyFile();
        assertThat(Files.getLastModifiedTime(archive)).isGreaterThan(Files.getLastModifiedTime(jar));

        Run help = dblab("help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("Usage: dblab ");
        assertThat(help.err()).isEmpty();

        // a jar built by Maven directly is newer than the archive: the archive is made again, silently
        Files.setLastModifiedTime(archive, FileTime.from(Files.getLastModifiedTime(jar).toInstant().minusSeconds(60)));
        Run again = dblab("--version");
        assertThat(again.exitCode()).isZero();
        assertThat(again.err()).isEmpty();
        assertThat(Files.getLastModifiedTime(archive)).isGreaterThan(Files.getLastModifiedTime(jar));
    }

    private record Run(int exitCode, String out, String err) {}

    /** Runs the copy's dblab script with stdout and stderr going to files, as in a CI log. */
    private Run dblab(String... args) throws Exception {
        Path out = copy.resolve("out.txt");
        Path err = copy.resolve("err.txt");
        String[] command = new String[args.length + 1];
        command[0] = copy.resolve("dblab").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command).directory(copy.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(15, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("dblab " + String.join(" ", args) + " did not finish within 15 minutes");
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
