package io.dblab.client;

/**
 * An error answer from the engine API (or a failure to reach it: status 0). The message is a
 * sentence for a person, never empty and without Java class names.
 */
public class DblabApiException extends RuntimeException {
    private final int httpStatus;
    private final String code;

    public DblabApiException(int httpStatus, String code, String message) {
        super(message);
        this.httpStatus = httpStatus;
        this.code = code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String code() {
        return code;
    }
}
