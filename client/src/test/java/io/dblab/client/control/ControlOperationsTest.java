package io.dblab.client.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ControlOperationsTest {

    @ParameterizedTest
    @CsvSource({
            "GET, /status", "GET, /healthz", "GET, /snapshots", "GET, /snapshots?branch=main",
            "GET, /snapshot/dblab_pool@snapshot_20261206", "POST, /snapshot", "GET, /branches",
            "GET, /clones", "POST, /clone", "GET, /clone/c1", "patch, /clone/c1", "POST, /clone/c1/reset",
            "DELETE, /clone/my-clone.2", "GET, /snapshot/dblab_pool%40snapshot_20261206", "GET, /clone/%63%31"})
    void theControlSignalsArePermitted(String method, String target) {
        assertThat(ControlOperations.permits(method, target)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
            "GET, /admin/config", "POST, /admin/config", "GET, /admin/config.yaml", "POST, /full-refresh",
            "DELETE, /snapshot/s1", "PATCH, /snapshot/s1", "POST, /snapshot/clone", "POST, /branch",
            "DELETE, /branch/main", "GET, /branch/main/log", "POST, /branch/snapshot", "GET, /metrics",
            "GET, /instance/retrieval", "GET, /clone/../admin/config", "GET, /clone/..", "POST, /clone/c1",
            "PUT, /clone/c1", "GET, /clone/c1/", "GET, /clones/", "GET, /clone/a/b", "GET, ''",
            "GET, /ui", "POST, /status", "GET, /clone/%2e%2e", "GET, /clone/%2E%2E/admin", "GET, /clone/a%2Fb",
            "GET, /clone/%252e%252e", "GET, /clone/%zz", "GET, /clone/a+b", "GET, /clone/%2Fclones", "GET, //clone/c1",
            "GET, /clone/c1;x"})
    void everythingElseIsRefused(String method, String target) {
        assertThat(ControlOperations.permits(method, target)).isFalse();
    }

    @Test
    void missingPartsAreRefused() {
        assertThat(ControlOperations.permits(null, "/status")).isFalse();
        assertThat(ControlOperations.permits("GET", null)).isFalse();
    }
}
