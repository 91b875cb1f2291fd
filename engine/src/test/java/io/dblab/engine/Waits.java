package io.dblab.engine;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * Awaitility waits that check their condition at once. With a fixed poll interval and no poll
 * delay, Awaitility checks for the first time only after one interval: a pause that the fixtures'
 * waits (a clone OK, a clone gone, an engine up), made thousands of times in the suite, add up to
 * minutes. Only for conditions the awaited work cannot meet before it has begun: every state the
 * API reports for a request (CREATING, RESETTING, DELETING, a refresh pending) is recorded before
 * the request is answered.
 */
public final class Waits {
    private Waits() {}

    public static ConditionFactory promptly(String what) {
        return Awaitility.await(what).pollDelay(Duration.ZERO);
    }
}
