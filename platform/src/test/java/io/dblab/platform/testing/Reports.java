package io.dblab.platform.testing;

import io.dblab.checkup.report.ReportBundle;
import io.dblab.checkup.report.ReportFormat;
import io.dblab.checkup.report.ReportWriter;
import io.dblab.checkup.runner.CheckRegistry;
import io.dblab.checkup.runner.CheckupRequest;
import io.dblab.checkup.runner.CheckupRunner;
import io.dblab.checkup.runner.ConnTarget;
import io.dblab.checkup.runner.PgSession;
import io.dblab.client.platform.PlatformApi;
import io.dblab.testkit.TestPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** Checkup reports for the Platform's tests: a real one of a test PostgreSQL, and uploads as the CLI sends them. */
public final class Reports {
    private Reports() {}

    /** Runs a few real checks on the server and writes json, md and html into {@code out}, as {@code checkup run --out}. */
    public static Path realReport(TestPostgres pg, String project, Path out) throws Exception {
        ConnTarget target = new ConnTarget("127.0.0.1", pg.port(), "postgres", "postgres", Map.of());
        CheckupRunner runner = new CheckupRunner((t, name) -> PgSession.open(t, name, Optional.of(TestPostgres.PASSWORD)),
                Clock.systemUTC(), warning -> { });
        new ReportWriter().write(runner.run(new CheckupRequest(project, java.util.List.of(target),
                        CheckRegistry.load().select("A002,A010,L004,G001"), Duration.ZERO, OptionalLong.of(8L << 30), Map.of())),
                out, Set.of(ReportFormat.JSON, ReportFormat.MD, ReportFormat.HTML));
        return out;
    }

    /** An upload of a made-up report: the given project name, counts and HTML. */
    public static String upload(String project, int p1, int p2, int p3, String html) {
        return "{\"json\": {\"0_summary.json\": {\"project\": " + quote(project) + ", \"timestamptz\": \"2026-03-01T09:00:00Z\","
                + " \"p1\": " + p1 + ", \"p2\": " + p2 + ", \"p3\": " + p3 + "}}, \"html\": " + quote(html) + "}";
    }

    public static PlatformApi.Reply send(String platformUrl, String token, String body) {
        try {
            return new PlatformApi(URI.create(platformUrl), token, null, Duration.ofMinutes(1)).post("/api/checkup/reports", body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static PlatformApi.Reply sendDirectory(String platformUrl, String token, Path dir) {
        return send(platformUrl, token, ReportBundle.read(dir));
    }

    private static String quote(String text) {
        try {
            return io.dblab.client.Json.mapper().writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
