package io.dblab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.client.model.Clone;
import io.dblab.client.model.Snapshot;
import io.dblab.client.model.Status;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonPrinterTest {
    private static String print(Object value) {
        StringWriter text = new StringWriter();
        new JsonPrinter(new PrintWriter(text)).print(value);
        return text.toString();
    }

    @Test
    void printsTheLayoutOfTheReferenceCliWithTwoSpaces() {
        Snapshot snapshot = new Snapshot("p1@snapshot_20260101000000", "2026-01-01T00:00:00Z",
                "2026-01-01T00:00:00Z", 1, 2, "p1", 0, List.of(), "main", "", false);
        Clone clone = new Clone("c1", snapshot, "main", true, "2026-01-01T00:00:01Z",
                new Status(Status.OK, "Clone is ready to accept Postgres connections."),
                new Clone.Db("host=127.0.0.1 port=6000 user=alice dbname=postgres", "127.0.0.1", "6000",
                        "alice", "", "postgres"),
                new Clone.Metadata(0, 0, 0.5, 120));

        String json = print(List.of(clone));

        assertThat(json).startsWith("[\n    {\n        \"id\": \"c1\",\n        \"snapshot\": {\n            \"id\": \"p1@");
        assertThat(json).contains("\n            \"clones\": [],\n")
                .contains("\n        \"protected\": true,\n")
                .contains("\n        \"status\": {\n            \"code\": \"OK\",")
                .contains("\n            \"password\": \"\",\n")
                .endsWith("\n    }\n]\n");
    }

    @Test
    void emptyListIsPrintedAsTheReferenceDoes() {
        assertThat(print(List.of())).isEqualTo("[]\n");
    }
}
