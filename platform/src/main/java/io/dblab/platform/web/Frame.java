package io.dblab.platform.web;

import java.util.List;

/**
 * What the layout around every page shows: the title, the navigation bar (empty before sign-in), who
 * is signed in, and the CSRF token that the layout's sign-out form and the page's own forms carry.
 */
public record Frame(String title, String csrf, String email, String organizationName, List<NavLink> links) {
    public boolean signedIn() {
        return email != null;
    }
}
