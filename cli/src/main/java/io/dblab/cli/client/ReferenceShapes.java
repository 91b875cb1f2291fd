package io.dblab.cli.client;

import static io.dblab.cli.client.GoShape.ANY;
import static io.dblab.cli.client.GoShape.BOOL;
import static io.dblab.cli.client.GoShape.BOOL_POINTER;
import static io.dblab.cli.client.GoShape.FLOAT;
import static io.dblab.cli.client.GoShape.INT;
import static io.dblab.cli.client.GoShape.SIZE;
import static io.dblab.cli.client.GoShape.STRING;
import static io.dblab.cli.client.GoShape.TIME;
import static io.dblab.cli.client.GoShape.field;
import static io.dblab.cli.client.GoShape.list;
import static io.dblab.cli.client.GoShape.map;
import static io.dblab.cli.client.GoShape.omitEmpty;
import static io.dblab.cli.client.GoShape.pointer;
import static io.dblab.cli.client.GoShape.struct;

/**
 * The structs the reference CLI prints answers through ({@code engine/pkg/models} of
 * postgres-ai/database-lab-engine). A "view" is the struct the CLI decodes into for display: it
 * embeds the model and shadows its byte counts with human-readable sizes, and Go then writes the
 * shadowing fields after the embedded ones, which is why sizes (and a clone's snapshot) come last.
 */
final class ReferenceShapes {
    private ReferenceShapes() {}

    private static final GoShape STATUS = struct(field("code", STRING), field("message", STRING));

    /** {@code models.Snapshot}: what {@code snapshot create} and {@code snapshot update} print. */
    static final GoShape SNAPSHOT = struct(
            field("id", STRING), field("createdAt", TIME), field("dataStateAt", TIME),
            field("physicalSize", INT), field("logicalSize", INT), field("pool", STRING),
            field("numClones", INT), field("clones", ANY), field("branch", STRING), field("message", STRING),
            field("protected", BOOL), omitEmpty("protectedTill", TIME), omitEmpty("deleteAt", TIME));

    /** {@code models.SnapshotView}: {@code snapshot list}, and a clone's snapshot in the clone views. */
    static final GoShape SNAPSHOT_VIEW = struct(
            field("id", STRING), field("createdAt", TIME), field("dataStateAt", TIME),
            field("pool", STRING), field("numClones", INT), field("clones", ANY), field("branch", STRING),
            field("message", STRING), field("protected", BOOL), omitEmpty("protectedTill", TIME),
            omitEmpty("deleteAt", TIME), field("physicalSize", SIZE), field("logicalSize", SIZE));

    /** The answer of {@code PATCH /branch/{name}}: what {@code branch --protected} prints. */
    static final GoShape BRANCH_PROTECTION = struct(
            field("name", STRING), field("protected", BOOL), omitEmpty("protectedTill", TIME));

    private static final GoShape DATABASE = struct(
            field("connStr", STRING), field("host", STRING), field("port", STRING), field("username", STRING),
            field("password", STRING), field("dbName", STRING), omitEmpty("ownerUser", STRING));

    private static final GoShape CLONE_METADATA = struct(
            field("cloneDiffSize", INT), field("logicalSize", INT), field("cloningTime", FLOAT),
            field("maxIdleMinutes", INT), omitEmpty("protectionLeaseDurationMinutes", INT),
            omitEmpty("protectionMaxDurationMinutes", INT));

    private static final GoShape CLONE_METADATA_VIEW = struct(
            field("cloningTime", FLOAT), field("maxIdleMinutes", INT),
            omitEmpty("protectionLeaseDurationMinutes", INT), omitEmpty("protectionMaxDurationMinutes", INT),
            field("cloneDiffSize", SIZE), field("logicalSize", SIZE));

    /** {@code models.Clone}, as the clones inside {@code instance status}. */
    private static final GoShape CLONE = struct(
            field("id", STRING), field("snapshot", pointer(SNAPSHOT)), field("branch", STRING),
            field("revision", INT), field("protected", BOOL), omitEmpty("protectedTill", TIME),
            field("deleteAt", TIME), field("createdAt", TIME), field("status", STATUS), field("db", DATABASE),
            field("metadata", CLONE_METADATA));

    /** {@code models.CloneView}: {@code clone list}, {@code clone status}, {@code clone update}. */
    static final GoShape CLONE_VIEW = struct(
            field("id", STRING), field("branch", STRING), field("revision", INT), field("protected", BOOL),
            omitEmpty("protectedTill", TIME), field("deleteAt", TIME), field("createdAt", TIME),
            field("status", STATUS), field("db", DATABASE), field("snapshot", pointer(SNAPSHOT_VIEW)),
            field("metadata", CLONE_METADATA_VIEW));

    /** {@code models.Engine}: {@code instance version}, and {@code engine} in {@code instance status}. */
    static final GoShape ENGINE = struct(
            field("version", STRING), field("edition", STRING), omitEmpty("billingActive", BOOL_POINTER),
            field("instanceID", STRING), omitEmpty("startedAt", TIME), omitEmpty("telemetry", BOOL_POINTER),
            omitEmpty("disableConfigModification", BOOL_POINTER));

    private static final GoShape FILE_SYSTEM_VIEW = struct(
            field("mode", STRING), field("compressRatio", FLOAT), field("size", SIZE), field("free", SIZE),
            field("used", SIZE), field("dataSize", SIZE), field("usedBySnapshots", SIZE),
            field("usedByClones", SIZE));

    private static final GoShape POOL_VIEW = struct(
            field("name", STRING), field("mode", STRING), field("dataStateAt", TIME), field("status", STRING),
            field("cloneList", ANY), field("fileSystem", FILE_SYSTEM_VIEW));

    private static final GoShape CLONING = struct(
            field("expectedCloningTime", FLOAT), field("numClones", INT), field("clones", list(pointer(CLONE))),
            omitEmpty("protectionLeaseDurationMinutes", INT), omitEmpty("protectionMaxDurationMinutes", INT));

    private static final GoShape ALERT = struct(
            field("level", STRING), field("message", STRING), field("lastSeen", STRING), field("count", INT));

    private static final GoShape RETRIEVING = struct(
            field("mode", STRING), field("status", STRING), field("lastRefresh", TIME), field("nextRefresh", TIME),
            field("alerts", map(ALERT)), field("activity", ANY));

    private static final GoShape CONTAINER_OPTIONS = struct(
            field("dockerImage", STRING), field("containerConfig", map(STRING)));

    private static final GoShape SYNC = struct(
            field("status", STATUS), omitEmpty("startedAt", STRING), field("lastReplayedLsn", STRING),
            field("lastReplayedLsnAt", STRING), field("replicationLag", STRING), field("replicationUptime", INT));

    /** {@code models.InstanceStatusView}: {@code instance status}; its pools, with sizes, come last. */
    static final GoShape INSTANCE_STATUS_VIEW = struct(
            field("status", pointer(STATUS)), field("engine", ENGINE), field("cloning", CLONING),
            field("retrieving", RETRIEVING), field("provisioner", CONTAINER_OPTIONS),
            field("synchronization", pointer(SYNC)), field("pools", list(POOL_VIEW)));
}
