package io.dblab.cli.checkup;

import com.fasterxml.jackson.databind.JsonNode;
import io.dblab.checkup.report.ReportBundle;
import io.dblab.cli.CommandFailedException;
import io.dblab.client.Json;
import io.dblab.client.platform.PlatformApi;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code dblab checkup upload}: sends what {@code checkup run --out DIR} wrote (the JSON files and the HTML
 * view) to the Platform, which lists it under the report's project.
 */
@Command(name = "upload", description = {
    "Send a checkup report (the directory 'dblab checkup run --out' wrote) to the Platform.",
    "The token is an organization's API token of the Platform (dbp_…): --token (here the Platform's, not an engine's),",
    "or DBLAB_PLATFORM_TOKEN in the environment."})
public final class CheckupUploadCommand implements Callable<Integer> {
    static final String TOKEN_ENV = "DBLAB_PLATFORM_TOKEN";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private CheckupCommand checkup;

    @Option(names = "--platform", required = true, paramLabel = "URL", description = "the Platform's address, like https://platform.example.com")
    private URI platform;

    @Option(names = "--ca-file", paramLabel = "PEM", description = "the authorities that sign the Platform's certificate, when not the system's")
    private Path caFile;

    @Parameters(paramLabel = "DIR", description = "the report directory (checkup run --out)")
    private Path dir;

    @Override
    public Integer call() {
        // --token is the root command's option, inherited by every command; here it is the Platform's
        String token = checkup.dblab().connectionFlags().token();
        String secret = token != null ? token : checkup.dblab().env().get(TOKEN_ENV);
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("give the Platform's token with --token or " + TOKEN_ENV);
        }
        if (!"http".equals(platform.getScheme()) && !"https".equals(platform.getScheme()) || platform.getHost() == null) {
            throw new IllegalArgumentException("--platform must be an http:// or https:// address, got '" + platform + "'");
        }
        if (caFile != null && !Files.isReadable(caFile)) {
            throw new IllegalArgumentException("--ca-file " + caFile + " does not exist or cannot be read");
        }
        String body = ReportBundle.read(dir);
        PlatformApi.Reply reply;
        try {
            reply = new PlatformApi(platform, secret, caFile, TIMEOUT).post("/api/checkup/reports", body);
        } catch (IOException e) {
            throw new CommandFailedException(e.getMessage());
        }
        if (reply.status() == 401) {
            throw new CommandFailedException("the Platform refused the token (unknown, expired or revoked): " + reply.message());
        }
        if (!reply.ok()) {
            throw new CommandFailedException("the Platform refused the report (HTTP " + reply.status() + "): " + reply.message());
        }
        JsonNode answer = Json.object(reply.body()).orElseThrow(() -> new CommandFailedException(
                "the Platform's answer is not JSON: is " + platform + " the Platform?"));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Uploaded the checkup of %s: %s%s%n", answer.path("project").asText(), platform.toString().replaceAll("/+$", ""),
                answer.path("url").asText());
        out.flush();
        return 0;
    }
}
