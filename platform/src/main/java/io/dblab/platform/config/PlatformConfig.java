package io.dblab.platform.config;

import io.dblab.pg.process.OsUser;
import java.nio.file.Path;

/**
 * The Platform's configuration as read from platform.yml. Every record fills its defaults in its
 * compact constructor, so a missing section or key means "the default"; {@link PlatformConfigValidator}
 * checks the rest.
 */
public record PlatformConfig(Server server, Database database, Secrets secrets, Tunnels tunnels) {
    public static final int HTTP_PORT = 8080;
    public static final int HTTPS_PORT = 8443;

    public PlatformConfig {
        server = server == null ? new Server(null, 0, null, false) : server;
        database = database == null ? new Database(null, null, null, null, null, null) : database;
        secrets = secrets == null ? new Secrets(null) : secrets;
        tunnels = tunnels == null ? new Tunnels(null, null) : tunnels;
    }

    /** @param allowInsecureHttp lets a non-loopback host go without TLS (behind a proxy that speaks TLS) */
    public record Server(String host, int port, Tls tls, boolean allowInsecureHttp) {
        public Server {
            host = host == null || host.isBlank() ? "127.0.0.1" : host;
            tls = tls == null ? new Tls(null, null) : tls;
            port = port == 0 ? (tls.enabled() ? HTTPS_PORT : HTTP_PORT) : port;
        }
    }

    public record Tls(String certFile, String keyFile) {
        public boolean enabled() {
            return certFile != null && !certFile.isBlank();
        }
    }

    /**
     * Where the Platform keeps its state. Without {@code url}, the embedded default: the Platform runs
     * its own PostgreSQL from {@code dataDir}. With it, an external PostgreSQL: {@code user} is the
     * application's role; {@code migrationUser}, when set, owns the schema and runs the migrations (the
     * two-role setup that keeps the audit log append-only even for the application's own connection).
     */
    public record Database(String url, String user, String password, String migrationUser, String migrationPassword,
                           String dataDir) {
        public Database {
            url = blankToNull(url);
            user = user == null ? "" : user;
            password = password == null ? "" : password;
            migrationUser = blankToNull(migrationUser);
            migrationPassword = migrationPassword == null ? "" : migrationPassword;
            dataDir = blankToNull(dataDir);
        }

        public boolean embedded() {
            return url == null;
        }

        /**
         * The embedded server's directory: as configured (relative to the configuration file's directory),
         * else {@value #SYSTEM_DATA_DIR} for a Platform run as root (a service), else beside the file.
         */
        public Path dataDirUnder(Path configDir) {
            if (dataDir != null) {
                return configDir.resolve(dataDir).toAbsolutePath().normalize();
            }
            return OsUser.isRoot() ? Path.of(SYSTEM_DATA_DIR) : configDir.resolve("platform-data").toAbsolutePath().normalize();
        }

        public static final String SYSTEM_DATA_DIR = "/var/lib/dblab/platform";
    }

    /** @param keyEnv the environment variable with the base64 32-byte key that encrypts secrets at rest */
    public record Secrets(String keyEnv) {
        public static final String DEFAULT_KEY_ENV = "DBLAB_PLATFORM_KEY";

        public Secrets {
            keyEnv = keyEnv == null || keyEnv.isBlank() ? DEFAULT_KEY_ENV : keyEnv;
        }
    }

    /**
     * @param relayUrl  where the other instances on the same database reach this one
     *                  ({@code https://10.0.0.5:8443}), to relay requests for the engines whose tunnels
     *                  this instance holds; null: no relaying (one instance, or tunnels routed to one)
     * @param publicUrl the tunnel endpoint as engines reach it ({@code wss://platform.example.com/tunnel}),
     *                  shown to admins who register an engine; null: made from the page's own address,
     *                  which behind a proxy that ends TLS would say ws:// where engines need wss://
     */
    public record Tunnels(String relayUrl, String publicUrl) {
        public Tunnels {
            relayUrl = blankToNull(relayUrl);
            publicUrl = blankToNull(publicUrl);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
