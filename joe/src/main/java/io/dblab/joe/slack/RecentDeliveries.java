package io.dblab.joe.slack;

import io.dblab.joe.frontend.Newest;

/** The messages Joe took up lately, so that a second delivery of one runs nothing. */
final class RecentDeliveries {
    /** Far more than arrive in the hour over which Slack retries a delivery. */
    static final int KEPT = 10_000;
    private final Newest<String, Boolean> seen = new Newest<>(KEPT);

    /** True the first time a key is offered, false after. */
    boolean first(String key) {
        return seen.putIfAbsent(key, Boolean.TRUE);
    }
}
