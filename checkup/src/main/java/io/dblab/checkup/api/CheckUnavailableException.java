package io.dblab.checkup.api;

/** A check cannot run on a host; the message says why and goes into the report. */
public class CheckUnavailableException extends RuntimeException {
    public CheckUnavailableException(String reason) {
        super(reason);
    }
}
