package io.dblab.platform.server;

import io.dblab.platform.api.ApiRoutes;
import io.dblab.platform.audit.Actor;
import io.dblab.platform.audit.Audit;
import io.dblab.platform.audit.AuditEvent;
import io.dblab.platform.auth.AccessActions;
import io.dblab.platform.checkup.CheckupPart;
import io.dblab.platform.auth.ApiTokens;
import io.dblab.platform.auth.Organizations;
import io.dblab.platform.auth.Passwords;
import io.dblab.platform.auth.Refusal;
import io.dblab.platform.auth.Role;
import io.dblab.platform.auth.SignIn;
import io.dblab.platform.auth.Users;
import io.dblab.platform.auth.WebSessions;
import io.dblab.platform.config.PlatformConfig;
import io.dblab.platform.engines.EnginesPart;
import io.dblab.platform.joe.JoePart;
import io.dblab.platform.storage.Database;
import io.dblab.platform.storage.Jdbc;
import io.dblab.platform.storage.SecretBox;
import io.dblab.platform.storage.SharedKeys;
import io.dblab.platform.web.AuditPages;
import io.dblab.platform.web.OrganizationPages;
import io.dblab.platform.web.Pages;
import io.dblab.platform.web.SignInPages;
import io.dblab.platform.web.TokenPages;
import io.dblab.platform.web.WebFeature;
import io.dblab.serverkit.StartupException;
import io.dblab.serverkit.config.ConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A running Platform: its database (the embedded one started, or the external one), the services on
 * it, and the HTTP server. {@link #close} stops the server, then the database (the embedded server
 * too); nothing lives only in this process's memory, so another instance can take over at any time.
 */
public final class Platform implements AutoCloseable {
    private final Database database;
    private final PlatformServer server;
    private final Services services;
    private final EnginesPart engines;

    /** What later parts of the Platform build on: one per running Platform. */
    public record Services(Jdbc db, Audit audit, Users users, Organizations organizations, ApiTokens tokens,
                           AccessActions access, Optional<SecretBox> secrets) {
    }

    private Platform(Database database, PlatformServer server, Services services, EnginesPart engines) {
        this.database = database;
        this.server = server;
        this.services = services;
        this.engines = engines;
    }

    /** @param configDir the configuration file's directory (relative paths in it are resolved against it) */
    public static Platform start(PlatformConfig config, Path configDir, Map<String, String> env) {
        Optional<SecretBox> secrets = secretBox(config, env);
        Database database = Database.open(config.database(), configDir);
        try {
            Services services = services(database.jdbc(), secrets);
            Pages pages = new Pages(config.server().tls().enabled(), new SharedKeys(database.jdbc()).get(SharedKeys.CSRF, 32),
                    new WebSessions(database.jdbc()), services.organizations());
            EnginesPart engines = new EnginesPart(database.jdbc(), services.organizations(), services.audit(), secrets, pages,
                    config.tunnels());
            List<WebFeature> features = List.of(
                    new SignInPages(pages, new SignIn(database.jdbc(), services.users(), services.audit()), services.audit()),
                    new OrganizationPages(pages, services.access()),
                    new TokenPages(pages, services.access(), services.tokens()),
                    engines,
                    new JoePart(services, pages),
                    new CheckupPart(services, pages),
                    new AuditPages(pages, services.audit()));
            PlatformServer server = new PlatformServer(config.server(), pages, features,
                    new ApiRoutes(services.tokens(), services.organizations(), services.audit()));
            try {
                engines.start();
                server.start();
            } catch (RuntimeException e) {
                engines.close();
                server.close();
                throw new StartupException("cannot listen on " + config.server().host() + ":" + config.server().port()
                        + " (" + e.getMessage() + ")", "choose another server.port or stop what uses it", e);
            }
            return new Platform(database, server, services, engines);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /**
     * Makes an organization with a first owner ({@code dblab platform create-admin}), in the configured
     * database (the embedded one is started for it and stopped again).
     */
    public static void createAdmin(PlatformConfig config, Path configDir, String email, String organization, String password) {
        String problem = Optional.ofNullable(Users.problem(email)).orElse(Passwords.problem(password));
        if (problem != null) {
            throw new StartupException(problem, "give another --email or password");
        }
        try (Database database = Database.open(config.database(), configDir)) {
            Services services = services(database.jdbc(), Optional.empty());
            if (services.users().byEmail(email).isPresent()) {
                throw new StartupException("a user with the email " + Users.normalize(email) + " exists already",
                        "sign in as that user, or give another --email");
            }
            long org;
            try {
                org = database.jdbc().transaction(tx -> {
                    long made = new Organizations(tx).create(organization);
                    new Organizations(tx).addMember(made, new Users(tx).create(email, password), Role.OWNER);
                    return made;
                });
            } catch (Refusal e) {
                throw new StartupException(e.getMessage(), "give another --org or --email");
            }
            services.audit().record(AuditEvent.of(Actor.PLATFORM, "admin.create").in(org)
                    .target(Users.normalize(email)).detail("organization", organization.strip()));
        }
    }

    private static Services services(Jdbc db, Optional<SecretBox> secrets) {
        Audit audit = new Audit(db);
        Users users = new Users(db);
        Organizations organizations = new Organizations(db);
        ApiTokens tokens = new ApiTokens(db);
        return new Services(db, audit, users, organizations, tokens, new AccessActions(users, organizations, tokens, audit),
                secrets);
    }

    /** The key that seals secrets at rest, when its variable is set; a set but unusable one stops the start. */
    private static Optional<SecretBox> secretBox(PlatformConfig config, Map<String, String> env) {
        String name = config.secrets().keyEnv();
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(SecretBox.fromBase64(value));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("environment variable " + name + " (secrets.keyEnv): " + e.getMessage());
        }
    }

    public int port() {
        return server.port();
    }

    public Services services() {
        return services;
    }

    public Database database() {
        return database;
    }

    @Override
    public void close() {
        try {
            // the server first: it takes no new tunnel while the engines part lets go of the ones it has
            server.close();
            engines.close();
        } finally {
            database.close();
        }
    }
}
