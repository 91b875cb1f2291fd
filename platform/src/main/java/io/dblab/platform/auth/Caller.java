package io.dblab.platform.auth;

/** Who makes a request and from where, as every audited action needs both. */
public record Caller(Principal principal, String sourceAddress) {
}
