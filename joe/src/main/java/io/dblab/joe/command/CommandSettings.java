package io.dblab.joe.command;

import io.dblab.joe.insight.Thresholds;
import java.time.Duration;

/** What the configuration says about running commands. */
public record CommandSettings(Duration statementTimeout, boolean strictMode, Thresholds thresholds) {
}
