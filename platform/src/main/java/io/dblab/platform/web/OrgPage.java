package io.dblab.platform.web;

/**
 * A page of an organization, listed in the navigation bar while that organization is open: its label
 * and its path under {@code /orgs/{id}} ({@code ""} for the organization's first page). Each part of
 * the Platform adds its own (engines, clones, snapshots, Joe, checkups) through {@link WebFeature}.
 */
public record OrgPage(String label, String suffix) {
    public String path(long organizationId) {
        return "/orgs/" + organizationId + suffix;
    }
}
