package io.dblab.cli.demo;

import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What the demo has set up, to be undone in reverse order. Each step is guarded: one that fails is
 * reported and the others still run, because a step left undone (a mount, a loop device, a server)
 * must not also strand everything set up before it.
 */
final class CleanupSteps {
    /** One undo action; it may throw anything, which is reported rather than propagated. */
    interface Action {
        void run() throws Exception;
    }

    private record Step(String description, Action action) {}

    private final Deque<Step> steps = new ArrayDeque<>();

    /** Registers an undo action; call it as soon as the thing to undo may exist, even half-made. */
    void push(String description, Action action) {
        steps.push(new Step(description, action));
    }

    /** Runs every step, the last registered first; returns true when all of them succeeded. */
    boolean runAll(PrintWriter out) {
        boolean allSucceeded = true;
        while (!steps.isEmpty()) {
            Step step = steps.pop();
            out.printf("Cleanup: %s%n", step.description());
            out.flush();
            try {
                step.action().run();
            } catch (Exception e) {
                allSucceeded = false;
                out.printf("Cleanup: could not %s: %s%n", step.description(), Messages.of(e));
                out.flush();
            }
        }
        return allSucceeded;
    }
}
