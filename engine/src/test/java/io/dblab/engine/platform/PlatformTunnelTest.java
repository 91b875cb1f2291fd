package io.dblab.engine.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlatformTunnelTest {

    @ParameterizedTest
    @CsvSource({"0.0.0.0, 127.0.0.1", "'', 127.0.0.1", "::, [::1]", "127.0.0.1, 127.0.0.1", "10.1.2.3, 10.1.2.3",
            "fd00::5, [fd00::5]", "[fd00::5], [fd00::5]", "db.example.com, db.example.com"})
    void theConnectorCallsTheAddressTheApiIsBoundTo(String bound, String called) {
        assertThat(PlatformTunnel.loopbackHost(bound)).isEqualTo(called);
    }
}
