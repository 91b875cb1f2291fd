package io.dblab.engine.masking;

import io.dblab.engine.EngineFixture;
import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;

/**
 * The masking tests on a physical pool: rules run on the promoted copy of the standby before it
 * becomes a snapshot; the standby itself never serves clones.
 */
class PhysicalMaskingTest extends MaskingTest {

    /** Hides {@link MaskingTest#start()}, so that only this setup runs for this class. */
    @BeforeAll
    static void start() throws IOException {
        start(EngineFixture.Setup.logical(16420, 16439).physical());
    }
}
