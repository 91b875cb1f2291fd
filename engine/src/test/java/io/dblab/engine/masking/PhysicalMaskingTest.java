package io.dblab.engine.masking;

import io.dblab.engine.EngineFixture;

/**
 * The masking tests on a physical pool: rules run on the promoted copy of the standby before it
 * becomes a snapshot; the standby itself never serves clones.
 */
class PhysicalMaskingTest extends MaskingTest {

    @Override
    EngineFixture.Setup setup() {
        return EngineFixture.Setup.logical(16420, 16439).physical();
    }
}
