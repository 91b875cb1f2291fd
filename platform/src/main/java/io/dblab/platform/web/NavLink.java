package io.dblab.platform.web;

/** One link of the navigation bar. */
public record NavLink(String label, String path, boolean active) {
}
