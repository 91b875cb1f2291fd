package io.dblab.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.client.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Golden comparisons with what the reference CLI prints: the expected texts follow its structs
 * (engine/pkg/models of postgres-ai/database-lab-engine), go-humanize's documented sizes and Go's
 * encoding/json rules, written out by hand, not taken from this code.
 */
class ReferenceOutputShapeTest {

    @ParameterizedTest
    @CsvSource({"0, 0 B", "9, 9 B", "10, 10 B", "1023, 1023 B", "1024, 1.0 KiB", "1536, 1.5 KiB",
            // go-humanize's own example: BigIBytes(82854982) -> 79 MiB
            "82854982, 79 MiB", "1073741824, 1.0 GiB", "10737418240, 10 GiB"})
    void sizesAreGoHumanizeIecBytes(long bytes, String expected) {
        assertThat(IecSize.format(bytes)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"1.0, 1", "0.25, 0.25", "2.5, 2.5", "123456.0, 123456", "1.0E-7, 1e-7", "1.0E21, 1e+21"})
    void floatsAreWrittenAsGoWritesFloat64(double value, String expected) {
        assertThat(GoJson.number(value)).isEqualTo(expected);
    }

    @Test
    void cloneStatusIsTheCloneViewStruct() throws Exception {
        // an answer in our engine's own order, with a field the reference's struct does not have
        String answer = """
                {"id":"c1","snapshot":{"id":"pool@s1","createdAt":"2026-01-02T03:04:05Z",
                  "dataStateAt":"2026-01-02T03:00:00Z","physicalSize":1536,"logicalSize":82854982,
                  "pool":"pool","numClones":1,"clones":["c1"],"branch":"main","message":"",
                  "protected":false},
                 "branch":"main","protected":true,"createdAt":"2026-01-02T03:05:00Z",
                 "status":{"code":"OK","message":"Clone is ready to accept Postgres connections."},
                 "db":{"connStr":"host=127.0.0.1 port=6000 user=u dbname=postgres","host":"127.0.0.1",
                   "port":"6000","username":"u","password":"","dbName":"postgres"},
                 "metadata":{"cloneDiffSize":10,"logicalSize":1073741824,"cloningTime":1.0,
                   "maxIdleMinutes":120},
                 "ourOwnField":"dropped"}
                """;

        String printed = GoJson.write(ReferenceShapes.CLONE_VIEW.apply(Json.mapper().readTree(answer)));

        assertThat(printed).isEqualTo("""
                {
                    "id": "c1",
                    "branch": "main",
                    "revision": 0,
                    "protected": true,
                    "deleteAt": null,
                    "createdAt": "2026-01-02T03:05:00Z",
                    "status": {
                        "code": "OK",
                        "message": "Clone is ready to accept Postgres connections."
                    },
                    "db": {
                        "connStr": "host=127.0.0.1 port=6000 user=u dbname=postgres",
                        "host": "127.0.0.1",
                        "port": "6000",
                        "username": "u",
                        "password": "",
                        "dbName": "postgres"
                    },
                    "snapshot": {
                        "id": "pool@s1",
                        "createdAt": "2026-01-02T03:04:05Z",
                        "dataStateAt": "2026-01-02T03:00:00Z",
                        "pool": "pool",
                        "numClones": 1,
                        "clones": [
                            "c1"
                        ],
                        "branch": "main",
                        "message": "",
                        "protected": false,
                        "physicalSize": "1.5 KiB",
                        "logicalSize": "79 MiB"
                    },
                    "metadata": {
                        "cloningTime": 1,
                        "maxIdleMinutes": 120,
                        "cloneDiffSize": "10 B",
                        "logicalSize": "1.0 GiB"
                    }
                }""");
    }

    @Test
    void instanceStatusPutsThePoolsLastWithSizesAndSortsMapKeys() throws Exception {
        String answer = """
                {"status":{"code":"OK","message":"Instance is ready"},
                 "pools":[{"name":"p","mode":"btrfs","dataStateAt":"","status":"active","cloneList":[],
                   "fileSystem":{"mode":"btrfs","size":2048,"free":1024,"used":1024,"dataSize":0,
                     "usedBySnapshots":0,"usedByClones":0,"compressRatio":1.0,"sharedCopies":true}}],
                 "engine":{"version":"1.0","edition":"community","instanceID":"i1"},
                 "cloning":{"expectedCloningTime":0.5,"numClones":0,"clones":[]},
                 "retrieving":{"mode":"logical","status":"finished","lastRefresh":null,"nextRefresh":null,
                   "alerts":{"refresh_skipped":{"level":"warning","message":"m","lastSeen":"t","count":1},
                             "refresh_failed":{"level":"error","message":"n","lastSeen":"u","count":2}}}}
                """;

        String printed = GoJson.write(ReferenceShapes.INSTANCE_STATUS_VIEW.apply(Json.mapper().readTree(answer)));

        assertThat(printed).isEqualTo("""
                {
                    "status": {
                        "code": "OK",
                        "message": "Instance is ready"
                    },
                    "engine": {
                        "version": "1.0",
                        "edition": "community",
                        "instanceID": "i1"
                    },
                    "cloning": {
                        "expectedCloningTime": 0.5,
                        "numClones": 0,
                        "clones": []
                    },
                    "retrieving": {
                        "mode": "logical",
                        "status": "finished",
                        "lastRefresh": null,
                        "nextRefresh": null,
                        "alerts": {
                            "refresh_failed": {
                                "level": "error",
                                "message": "n",
                                "lastSeen": "u",
                                "count": 2
                            },
                            "refresh_skipped": {
                                "level": "warning",
                                "message": "m",
                                "lastSeen": "t",
                                "count": 1
                            }
                        },
                        "activity": null
                    },
                    "provisioner": {
                        "dockerImage": "",
                        "containerConfig": null
                    },
                    "synchronization": null,
                    "pools": [
                        {
                            "name": "p",
                            "mode": "btrfs",
                            "dataStateAt": "",
                            "status": "active",
                            "cloneList": [],
                            "fileSystem": {
                                "mode": "btrfs",
                                "compressRatio": 1,
                                "size": "2.0 KiB",
                                "free": "1.0 KiB",
                                "used": "1.0 KiB",
                                "dataSize": "0 B",
                                "usedBySnapshots": "0 B",
                                "usedByClones": "0 B"
                            }
                        }
                    ]
                }""");
    }

    @Test
    void stringsEscapeAsGoDoes() throws Exception {
        String printed = GoJson.write(Json.mapper().readTree("{\"message\":\"a<b>&c\\n\\u2028\"}"));

        assertThat(printed).isEqualTo("{\n    \"message\": \"a\\u003cb\\u003e\\u0026c\\n\\u2028\"\n}");
    }

    @Test
    void aCloneOnABranchIsPrintedAsTheReferencesCreateBlock() throws Exception {
        io.dblab.client.model.Clone clone = Json.mapper().readValue("""
                {"id":"c1","branch":"main","snapshot":{"id":"pool@s1"},
                 "db":{"connStr":"host=h port=6000 user=u dbname=d"}}""", io.dblab.client.model.Clone.class);

        assertThat(CreatedClone.describe(clone)).isEqualTo("""
                ID:                 c1
                Branch:             main
                Snapshot:           pool@s1
                Connection string:  host=h port=6000 user=u dbname=d
                """);
    }
}
