package io.dblab.joe.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdentifiersTest {
    @Test
    void quotesWhatPostgresQuotes() {
        assertThat(Identifiers.quote("orders")).isEqualTo("orders");
        assertThat(Identifiers.quote("_t1")).isEqualTo("_t1");
        assertThat(Identifiers.quote("Orders")).isEqualTo("\"Orders\"");
        assertThat(Identifiers.quote("order items")).isEqualTo("\"order items\"");
        assertThat(Identifiers.quote("1st")).isEqualTo("\"1st\"");
        assertThat(Identifiers.quote("*VALUES*")).isEqualTo("\"*VALUES*\"");
        assertThat(Identifiers.quote("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThat(Identifiers.quote("user")).as("reserved").isEqualTo("\"user\"");
        assertThat(Identifiers.quote("between")).as("column name keyword").isEqualTo("\"between\"");
        assertThat(Identifiers.quote("name")).as("unreserved").isEqualTo("name");
        assertThat(Identifiers.quote("café")).isEqualTo("\"café\"");
    }
}
