package io.dblab.platform.testing;

import io.dblab.platform.auth.ApiTokens;
import io.dblab.platform.auth.Principal;
import io.dblab.platform.auth.Role;
import io.dblab.platform.server.Platform;

/** Organizations, people and tokens made straight in a test Platform's services, for tests of other parts. */
public final class Orgs {
    private Orgs() {}

    /** The ID of the fixture's first organization. */
    public static long first(Platform platform) {
        long admin = platform.services().users().byEmail(PlatformFixture.ADMIN_EMAIL).orElseThrow().id();
        return platform.services().organizations().of(Principal.user(admin, PlatformFixture.ADMIN_EMAIL)).get(0)
                .organization().id();
    }

    /** A new organization with a new person of the given role in it; returns the organization's ID. */
    public static long withPerson(Platform platform, String organization, String email, String password) {
        long org = platform.services().organizations().create(organization);
        addPerson(platform, org, email, password, Role.OWNER);
        return org;
    }

    public static void addPerson(Platform platform, long org, String email, String password, Role role) {
        long user = platform.services().users().create(email, password);
        platform.services().organizations().addMember(org, user, role);
    }

    /** A new API token of the organization (30 days), as its secret. */
    public static String token(Platform platform, long org) {
        long admin = platform.services().users().byEmail(PlatformFixture.ADMIN_EMAIL).orElseThrow().id();
        return platform.services().tokens().create(ApiTokens.Owner.organization(org), "test", 30, admin).secret();
    }

    /** A person's own API token. */
    public static String personalToken(Platform platform, String email) {
        long user = platform.services().users().byEmail(email).orElseThrow().id();
        return platform.services().tokens().create(ApiTokens.Owner.user(user), "mine", 30, user).secret();
    }
}
