package io.dblab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dblab.testkit.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Joe as a user runs it: {@code ./dblab joe run --config joe.yml} against a {@link BenchEngine}, every
 * channel on one database, tokens from the environment; and a chat client for it over HTTP on loopback.
 */
final class JoeProcess implements AutoCloseable {
    private static final String TOKEN = "joe-bench-" + Long.toHexString(System.nanoTime());
    private static final ObjectMapper JSON = new ObjectMapper();
    private final DblabProcess process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI commands;
    private final Path stateDir;

    private JoeProcess(DblabProcess process, int port, Path stateDir) {
        this.process = process;
        this.stateDir = stateDir;
        this.commands = URI.create("http://127.0.0.1:" + port + "/api/commands");
    }

    /** One reply: the HTTP status and the JSON answer. */
    record Reply(int status, JsonNode json) {
        boolean ok() {
            return status == 200 && json.path("ok").asBoolean();
        }
    }

    static JoeProcess start(BenchEngine engine, String database, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        int port = FreePorts.next();
        Path config = dir.resolve("joe.yml");
        // the quota is out of the way: the benchmark sends more commands a minute than a person would
        DblabProcess.writePrivate(config, """
                server:
                  port: %d
                  token: ${JOE_TOKEN}
                engines:
                  - name: bench
                    url: %s
                    token: ${DBLAB_TOKEN}
                channels:
                  - name: "*"
                    engine: bench
                    database: %s
                sessions:
                  key: ${JOE_SESSION_KEY}
                limits:
                  quota:
                    requests: 100000
                    interval: 1m
                stateDir: %s
                """.formatted(port, engine.apiUrl(), database, dir.resolve("state")));
        URI health = URI.create("http://127.0.0.1:" + port + "/healthz");
        HttpClient probe = HttpClient.newHttpClient();
        DblabProcess process = DblabProcess.start("joe", List.of("joe", "run", "--config", config.toString()),
                Map.of("JOE_TOKEN", TOKEN, "DBLAB_TOKEN", BenchEngine.token(),
                        "JOE_SESSION_KEY", "joe-bench-key-" + Long.toHexString(System.nanoTime())),
                dir.resolve("joe-process.log"), () -> answers(probe, health));
        return new JoeProcess(process, port, dir.resolve("state"));
    }

    /** {@code POST /api/commands}, as a chat front end sends what a person typed. */
    Reply command(String user, String channel, String text) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("user", user).put("channel", channel).put("text", text);
        HttpRequest request = HttpRequest.newBuilder(commands).timeout(Duration.ofMinutes(10))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), JSON.readTree(response.body()));
    }

    private static boolean answers(HttpClient probe, URI health) {
        try {
            return probe.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    long pid() {
        return process.pid();
    }

    /** Stops Joe and keeps its log in bench/target, for where the time went. */
    @Override
    public void close() throws InterruptedException {
        process.close();
        try {
            Files.copy(stateDir.resolve("joe.log"), Path.of("bench/target/joe-bench-joe.log"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Log.log("Joe's log could not be kept: %s", e.getMessage());
        }
    }

    @Override
    public String toString() {
        return process.toString();
    }
}
