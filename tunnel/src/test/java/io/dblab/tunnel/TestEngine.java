package io.dblab.tunnel;

import io.dblab.client.transport.HttpTransport;
import io.javalin.Javalin;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small real HTTP server that answers a few engine API paths the way a test needs: each clone's
 * own id after a random moment (so answers come back out of order), a body of the size asked for,
 * the token the caller presented, a request that waits until released. It counts every request.
 */
final class TestEngine implements AutoCloseable {
    final CountDownLatch slowStarted = new CountDownLatch(1);
    final CountDownLatch releaseSlow = new CountDownLatch(1);
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final Javalin app;

    TestEngine() {
        app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.host = "127.0.0.1";
            cfg.jetty.port = 0;
            cfg.routes.before(ctx -> requests.computeIfAbsent(ctx.method() + " " + ctx.path(), k -> new AtomicInteger())
                    .incrementAndGet());
            cfg.routes.get("/healthz", ctx -> ctx.json(Map.of("version", "test-engine", "edition", "test", "instanceID", "e1")));
            cfg.routes.get("/status", ctx -> ctx.json(Map.of("token", String.valueOf(ctx.header("Verification-Token")))));
            cfg.routes.get("/clone/{id}", ctx -> {
                if (ctx.pathParam("id").equals("slow")) {
                    slowStarted.countDown();
                    releaseSlow.await(30, TimeUnit.SECONDS);
                } else {
                    Thread.sleep(ThreadLocalRandom.current().nextInt(20));
                }
                ctx.json(Map.of("id", ctx.pathParam("id"), "status", Map.of("code", "OK", "message", "ready")));
            });
            cfg.routes.get("/snapshots", ctx -> ctx.contentType("application/json")
                    .result("[\"" + "x".repeat(Integer.parseInt(ctx.queryParam("branch"))) + "\"]"));
            cfg.routes.post("/clone", ctx -> ctx.status(201).contentType("application/json").result(ctx.body()));
            cfg.routes.get("/metrics", ctx -> ctx.result("secret metrics"));
        });
        app.start();
    }

    HttpTransport transport(String token) {
        return new HttpTransport(URI.create("http://127.0.0.1:" + app.port()), token, Duration.ofSeconds(30), false);
    }

    int count(String methodAndPath) {
        AtomicInteger n = requests.get(methodAndPath);
        return n == null ? 0 : n.get();
    }

    @Override
    public void close() {
        releaseSlow.countDown();
        app.stop();
    }
}
