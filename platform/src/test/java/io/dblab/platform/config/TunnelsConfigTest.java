package io.dblab.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code tunnels.relayUrl}: optional; https, or plain http where the server itself may speak it.
 * {@code tunnels.publicUrl}: optional; wss, or ws only to loopback, as engines accept.
 */
class TunnelsConfigTest {
    @Test
    void relayUrlIsOptionalAndChecked() {
        assertThat(PlatformConfigLoader.parse("", Map.of()).tunnels().relayUrl()).isNull();
        assertThat(PlatformConfigLoader.parse("tunnels: {relayUrl: 'https://10.0.0.5:8443'}\n", Map.of()).tunnels().relayUrl())
                .isEqualTo("https://10.0.0.5:8443");
        assertThat(PlatformConfigLoader.parse("tunnels: {relayUrl: 'http://127.0.0.1:8080'}\n", Map.of()).tunnels().relayUrl())
                .isEqualTo("http://127.0.0.1:8080");
        assertThatThrownBy(() -> PlatformConfigLoader.parse("tunnels: {relayUrl: 'http://10.0.0.5:8080'}\n", Map.of()))
                .hasMessageContaining("tunnels.relayUrl http://10.0.0.5:8080 is plain http to another host");
        assertThatThrownBy(() -> PlatformConfigLoader.parse("tunnels: {relayUrl: 'wss://10.0.0.5/tunnel'}\n", Map.of()))
                .hasMessageContaining("tunnels.relayUrl must look like https://");
        assertThatThrownBy(() -> PlatformConfigLoader.parse("tunnels: {relayURL: x}\n", Map.of()))
                .hasMessageContaining("relayURL");
    }

    @Test
    void publicUrlIsOptionalAndWhatAnEngineAccepts() {
        assertThat(PlatformConfigLoader.parse("", Map.of()).tunnels().publicUrl()).isNull();
        assertThat(PlatformConfigLoader.parse("tunnels: {publicUrl: 'wss://platform.example.com/tunnel'}\n", Map.of())
                .tunnels().publicUrl()).isEqualTo("wss://platform.example.com/tunnel");
        assertThat(PlatformConfigLoader.parse("tunnels: {publicUrl: 'ws://127.0.0.1:8080/tunnel'}\n", Map.of())
                .tunnels().publicUrl()).isEqualTo("ws://127.0.0.1:8080/tunnel");
        assertThatThrownBy(() -> PlatformConfigLoader.parse("tunnels: {publicUrl: 'ws://platform.example.com/tunnel'}\n",
                Map.of())).hasMessageContaining("is plain ws to another host, which engines refuse");
        assertThatThrownBy(() -> PlatformConfigLoader.parse("tunnels: {publicUrl: 'https://platform.example.com'}\n",
                Map.of())).hasMessageContaining("tunnels.publicUrl must look like wss://");
    }
}
