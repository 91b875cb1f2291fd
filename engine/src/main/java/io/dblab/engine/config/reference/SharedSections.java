package io.dblab.engine.config.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Arrays;
import java.util.List;

/**
 * The reference's keys in the sections it shares with ours ({@code server}, {@code poolManager},
 * {@code provision}, {@code cloning}, {@code platform}, {@code retrieval.refresh}): each is taken
 * out of the section and mapped or ignored; what remains is ours, for the binder to check.
 */
final class SharedSections {
    private static final List<String> POOL_LAYOUT = List.of("dataSubDir", "clonesMountSubDir", "socketSubDir",
            "observerSubDir", "preSnapshotSuffix");
    private static final List<String> PLATFORM = List.of("url", "accessToken", "projectName", "orgKey",
            "enablePersonalTokens", "enableTelemetry", "bindClonesToUser");

    private final Rewrite rw;

    SharedSections(Rewrite rw) {
        this.rw = rw;
    }

    void rewrite() {
        server(rw.section("server"));
        poolManager(rw.section("poolManager"));
        provision(rw.section("provision"));
        cloning(rw.section("cloning"));
        platform(rw.section("platform"));
        refresh(rw.section("retrieval") == null ? null : rw.section("retrieval").get("refresh"));
    }

    /** The reference listens on all interfaces for {@code host: ""}; here that needs TLS and a token (DESIGN.md point 4). */
    private void server(ObjectNode server) {
        JsonNode host = server == null ? null : server.get("host");
        if (host != null && host.isTextual() && host.textValue().isEmpty()) {
            rw.ignore("server.host", "\"\" means all interfaces in the reference; here it keeps the default 127.0.0.1:"
                    + " to listen elsewhere, write the address and configure server.tls and server.verificationToken");
        }
    }

    private void poolManager(ObjectNode pools) {
        for (String name : POOL_LAYOUT) {
            JsonNode value = Rewrite.take(pools, name);
            if (value != null) {
                rw.ignore("poolManager." + name, "the reference's directory layout; a pool here keeps its data, snapshots"
                        + " and clones in a layout of its own under poolManager.mountDir");
            }
        }
        JsonNode selected = Rewrite.take(pools, "selectedPool");
        String name = rw.text(selected, "poolManager.selectedPool");
        if (name.isEmpty()) {
            return;
        }
        JsonNode written = rw.get("poolManager", "pools");
        if (written == null) {
            ObjectNode pool = JsonNodeFactory.instance.objectNode().put("name", name);
            rw.set("poolManager.selectedPool", JsonNodeFactory.instance.arrayNode().add(pool), "poolManager", "pools");
            return;
        }
        for (int i = 0; i < written.size(); i++) {
            JsonNode pool = written.get(i);
            if (name.equals(rw.text(pool == null ? null : pool.get("name"), "poolManager.pools[" + i + "].name"))) {
                return;
            }
        }
        throw rw.refuse("poolManager.selectedPool", "'" + name + "' is not one of poolManager.pools");
    }

    private void provision(ObjectNode provision) {
        rw.ignoreUnlessEmpty(Rewrite.take(provision, "dockerImage"), "provision.dockerImage", TopLevelSections.DOCKER);
        rw.ignoreUnlessEmpty(Rewrite.take(provision, "containerConfig"), "provision.containerConfig", TopLevelSections.DOCKER);
        if (Rewrite.take(provision, "useSudo") != null) {
            rw.ignore("provision.useSudo", "the engine runs its commands itself, as root or as the OS user of PostgreSQL");
        }
        String path = "provision.cloneAccessAddresses";
        List<String> addresses = Arrays.stream(rw.text(Rewrite.take(provision, "cloneAccessAddresses"), path).split(","))
                .map(String::strip).filter(address -> !address.isEmpty()).toList();
        if (addresses.isEmpty()) {
            return;
        }
        rw.set(path, TextNode.valueOf(addresses.get(0)), "provision", "accessHost");
        if (addresses.size() > 1) {
            rw.ignore(path + " (all but " + addresses.get(0) + ")", "clones listen on one address here, which is"
                    + " also the host of their connStr");
        }
    }

    /**
     * The reference's {@code cloning.accessHost} is only shown to users; here the host shown is the
     * address clones listen on ({@code provision.accessHost}), which must not follow a name written
     * for display: that would change who can reach the clones. The section's other keys are ours too.
     */
    private void cloning(ObjectNode cloning) {
        String path = "cloning.accessHost";
        String shown = rw.text(Rewrite.take(cloning, "accessHost"), path);
        JsonNode listen = rw.get("provision", "accessHost");
        String listening = listen == null ? "127.0.0.1" : rw.text(listen, "provision.accessHost");
        if (!shown.isEmpty() && !shown.equals(listening)) {
            rw.ignore(path, "clones' connStr shows the address they listen on, provision.accessHost (" + listening + ")");
        }
    }

    private void platform(ObjectNode platform) {
        for (String name : PLATFORM) {
            if (Rewrite.take(platform, name) != null) {
                rw.ignore("platform." + name, "Postgres.ai Platform's; this engine's Platform is configured with"
                        + " platform.controlToken and platform.tunnel");
            }
        }
    }

    private void refresh(JsonNode refresh) {
        if (refresh instanceof ObjectNode section && rw.flag(section.remove("skipStartRefresh"), "retrieval.refresh.skipStartRefresh")) {
            rw.ignore("retrieval.refresh.skipStartRefresh", "the engine retrieves at start only a pool that holds no"
                    + " snapshot yet, and otherwise starts from the snapshots it has");
        }
    }
}
