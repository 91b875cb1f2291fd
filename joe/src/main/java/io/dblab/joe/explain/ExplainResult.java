package io.dblab.joe.explain;

import io.dblab.joe.plan.ExplainPlan;
import io.dblab.joe.redact.Notices;

/** A plan and the notices raised while making it, redacted or suppressed. Never any result row. */
public record ExplainResult(ExplainPlan plan, Notices notices) {
}
