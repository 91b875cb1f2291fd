package io.dblab.tunnel.server;

import java.util.Optional;

/**
 * Which tunnel a presented registration key opens, if any. Comparing in constant time and keeping
 * keys hashed are the implementation's business (the Platform keeps them in its database).
 */
@FunctionalInterface
public interface KeyVerifier {
    Optional<String> verify(String presentedKey);
}
