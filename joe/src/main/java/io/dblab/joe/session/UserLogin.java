package io.dblab.joe.session;

import io.dblab.pg.auth.ScramVerifier;

/**
 * The password of a clone's user role and its SCRAM verifier, which is what the server is given.
 * Computing the verifier (4,096 rounds of PBKDF2, 4 to 12 ms, 100 ms in a fresh JVM) needs no clone, so
 * a new session does it while the engine makes the clone.
 */
record UserLogin(String password, String verifier) {
    static UserLogin fresh() {
        String password = ClonePasswords.randomToken();
        return new UserLogin(password, ScramVerifier.compute(password));
    }
}
