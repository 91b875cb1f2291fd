package io.dblab.engine.clone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StepTimesTest {
    @Test
    void eachStepTakesTheTimeSinceThePreviousOneEnded() {
        StepTimes steps = new StepTimes(System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(1500));
        steps.end("queued");
        steps.end("copy");
        assertThat(steps.toString()).matches("queued 1[5-9]\\d\\d ms, copy [0-9]{1,3} ms");
    }
}
