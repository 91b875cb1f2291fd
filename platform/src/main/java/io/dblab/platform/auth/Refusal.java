package io.dblab.platform.auth;

/**
 * A request the Platform refuses, with the HTTP status and a message for the person: the pages show it
 * in the page, the API as {@code {code, message}}. Anything of another organization is
 * {@link #notFound}: whether it exists is nobody else's business.
 */
public final class Refusal extends RuntimeException {
    private final int status;

    private Refusal(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static Refusal badRequest(String message) {
        return new Refusal(400, message);
    }

    public static Refusal unauthorized(String message) {
        return new Refusal(401, message);
    }

    public static Refusal forbidden(String message) {
        return new Refusal(403, message);
    }

    public static Refusal notFound(String message) {
        return new Refusal(404, message);
    }

    public static Refusal conflict(String message) {
        return new Refusal(409, message);
    }

    public static Refusal tooManyRequests(String message) {
        return new Refusal(429, message);
    }
}
