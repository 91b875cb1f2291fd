package io.dblab.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dblab.cli.config.CliConfigFile;
import io.dblab.pg.process.PrivateDirectory;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The training run of the class-data archive the {@code dblab} script makes after each build
 * ({@code -XX:ArchiveClassesAtExit}): it runs the usual client commands in-process, so the classes
 * they load (picocli, the commands, Jackson, the HTTP client, YAML for cli.yml) are archived
 * parsed and verified, and later calls map them instead of loading them from the jar. The
 * commands talk to a throwaway HTTP server on loopback that answers every request with a
 * minimal body of the API's shape; nothing leaves this machine and nothing is kept.
 */
public final class StartupTraining {
    private static final List<String> LISTS = List.of("/snapshots", "/clones", "/branches");
    private static final List<List<String>> COMMANDS = List.of(
            List.of("--help"),
            List.of("--version"),
            List.of("snapshot", "list"),
            List.of("clone", "list"),
            List.of("clone", "status", "training"),
            List.of("clone", "update", "training", "--protected"),
            List.of("instance", "status"),
            List.of("branch"),
            List.of("clone", "nosuchcommand"));

    private StartupTraining() {}

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", StartupTraining::answer);
        server.start();
        Path home = Files.createTempDirectory("dblab-cds-training-");
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        try {
            Map<String, String> env = Map.of(CliConfigFile.HOME_ENV, home.toString());
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            Main.run(new String[] {"init", "--url", url, "--token", "training"}, discard, discard, env);
            for (List<String> command : COMMANDS) {
                Main.run(command.toArray(String[]::new), discard, discard, env);
            }
        } finally {
            server.stop(0);
            PrivateDirectory.deleteTree(home);
        }
    }

    private static void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            byte[] body = (LISTS.contains(path) ? "[{\"id\":\"training\"}]" : "{\"id\":\"training\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }
}
