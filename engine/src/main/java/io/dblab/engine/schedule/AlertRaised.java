package io.dblab.engine.schedule;

/**
 * Marks a failure that the code which threw it has raised as an alert already, in its own words:
 * {@link BackgroundTask} logs it but does not raise a second alert for it.
 */
public interface AlertRaised {
}
