package io.dblab.engine.pool;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QgroupMeterTest {
    @Test
    void countersThatWrappedBelowZeroReadAsZero() {
        assertThat(QgroupMeter.bytes("3162112")).isEqualTo(3162112L);
        assertThat(QgroupMeter.bytes("18446744071555268608")).isZero();
    }
}
