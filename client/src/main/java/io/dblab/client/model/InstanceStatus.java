package io.dblab.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** Body of {@code GET /status}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InstanceStatus(
        Status status,
        Engine engine,
        List<Pool> pools,
        Cloning cloning,
        Retrieval retrieving,
        Object synchronization) {

    /**
     * The reference's engine fields. {@code billingActive} is left out (this engine has no billing);
     * {@code telemetry} is false: it sends none.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Engine(String version, String edition, String instanceID, String startedAt, boolean telemetry,
                         boolean disableConfigModification) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Pool(String name, String mode, String dataStateAt, String status, List<String> cloneList,
                       FileSystem fileSystem) {}

    /** Figures of a pool's file system, in bytes; {@code mode} names the provider. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FileSystem(String mode, long size, long free, long used, long dataSize,
                             long usedBySnapshots, long usedByClones, double compressRatio,
                             boolean sharedCopies) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Cloning(double expectedCloningTime, int numClones, List<Clone> clones,
                          int protectionLeaseDurationMinutes, int protectionMaxDurationMinutes) {}
}
