package io.dblab.engine.masking;

/**
 * Masking could not be completed, so nothing may be published. Messages name rules, scripts,
 * databases and files, never data: PostgreSQL's own error texts are left out because they can
 * quote row values ("Key (email)=(...) already exists").
 */
public class MaskingFailedException extends RuntimeException {
    public MaskingFailedException(String message) {
        super(message);
    }
}
