package io.dblab.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PgVersionsTest {

    @Test
    void majorVersionsAreReadAsOperatorsWriteThem() {
        assertThat(PgVersions.major("15.18")).isEqualTo("15");
        assertThat(PgVersions.major("16beta2")).isEqualTo("16");
        assertThat(PgVersions.major("9.6.24")).isEqualTo("9.6");
        assertThat(PgVersions.majorOfVersionNum("150018")).isEqualTo("15");
        assertThat(PgVersions.majorOfVersionNum("170000")).isEqualTo("17");
        assertThat(PgVersions.majorOfVersionNum("90624")).isEqualTo("9.6");
    }

    @Test
    void aPhysicalCopyNeedsTheSameMajorVersion() {
        assertThat(PgVersions.canServe("15", "15", true)).isTrue();
        assertThat(PgVersions.canServe("15", "14", true)).isFalse();
        assertThat(PgVersions.canServe("15", "16", true)).isFalse();
    }

    @Test
    void pgDumpReadsItsOwnVersionAndOlderOnes() {
        assertThat(PgVersions.canServe("15", "15", false)).isTrue();
        assertThat(PgVersions.canServe("15", "9.6", false)).isTrue();
        assertThat(PgVersions.canServe("15", "16", false)).isFalse();
        assertThat(PgVersions.canServe("9.6", "10", false)).isFalse();
    }
}
