package io.dblab.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dblab.client.model.BranchCreateRequest;
import io.dblab.client.model.CloneRequest;
import io.dblab.client.model.CommitRequest;
import io.dblab.client.model.ResetRequest;
import io.dblab.client.model.UpdateCloneRequest;
import io.dblab.engine.error.BadRequestException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Request bodies take each field in its own JSON type and no NUL anywhere (needs no server). */
class RequestJsonTest {
    private final RequestJson json = new RequestJson();

    @Test
    void readsAWellTypedBody() {
        CloneRequest request = json.read("""
                {"id": "c1", "protected": true, "db": {"username": "u", "password": "p", "restricted": false,
                 "db_name": "app"}, "snapshot": {"id": "pool@s"}, "extra_conf": {"work_mem": "8MB"},
                 "unknownFieldsAreIgnored": 1}""", CloneRequest.class);
        assertThat(request.isProtected()).isTrue();
        assertThat(request.db().restricted()).isFalse();
        assertThat(request.extraConf()).isEqualTo(Map.of("work_mem", "8MB"));
    }

    @Test
    void aValueOfAnotherJsonTypeIsRefusedNamingTheField() {
        refused("{\"db\": {\"username\": \"u\", \"restricted\": \"true\"}}", CloneRequest.class,
                "field 'db.restricted': must be a boolean");
        refused("{\"db\": {\"restricted\": 1}}", CloneRequest.class, "field 'db.restricted': must be a boolean");
        refused("{\"db\": {\"restricted\": \"\"}}", CloneRequest.class, "field 'db.restricted': must be a boolean");
        refused("{\"protected\": \"true\"}", UpdateCloneRequest.class, "field 'protected': must be a boolean");
        refused("{\"latest\": \"false\"}", ResetRequest.class, "field 'latest': must be a boolean");
        refused("{\"id\": 123}", CloneRequest.class, "field 'id': must be a string");
        refused("{\"db\": {\"password\": 12345678.5}}", CloneRequest.class, "field 'db.password': must be a string");
        refused("{\"db\": {\"username\": true}}", CloneRequest.class, "field 'db.username': must be a string");
        refused("{\"extra_conf\": {\"work_mem\": 8}}", CloneRequest.class, "field 'extra_conf.work_mem': must be a string");
        refused("{\"extra_conf\": [\"work_mem\"]}", CloneRequest.class, "field 'extra_conf': must be an object");
        refused("{\"cloneID\": [\"c1\"]}", CommitRequest.class, "field 'cloneID': must be a string");
    }

    @Test
    void aNulCharacterInAnyStringIsRefused() {
        refused("{\"id\": \"c\\u0000x\"}", CloneRequest.class, "field 'id' contains a NUL character");
        refused("{\"db\": {\"username\": \"u\\u0000\"}}", CloneRequest.class, "field 'db.username' contains a NUL");
        refused("{\"db\": {\"password\": \"Secret-1234\\u0000tail\"}}", CloneRequest.class, "field 'db.password' contains a NUL");
        refused("{\"db\": {\"db_name\": \"\\u0000\"}}", CloneRequest.class, "field 'db.db_name' contains a NUL");
        refused("{\"extra_conf\": {\"work_mem\": \"8MB\\u0000\"}}", CloneRequest.class, "field 'extra_conf.work_mem' contains a NUL");
        refused("{\"extra_conf\": {\"work\\u0000mem\": \"8MB\"}}", CloneRequest.class, "a field name in 'extra_conf' contains a NUL");
        refused("{\"branchName\": \"b\\u0000\"}", BranchCreateRequest.class, "field 'branchName' contains a NUL");
        refused("{\"cloneID\": \"c1\", \"message\": \"m\\u0000\"}", CommitRequest.class, "field 'message' contains a NUL");
        refused("{\"ignored\": [\"x\\u0000\"]}", CommitRequest.class, "field 'ignored[0]' contains a NUL");
    }

    @Test
    void malformedDuplicatedOrTrailingJsonIsRefused() {
        refused("{\"db\": {", CloneRequest.class, "malformed JSON");
        refused("{\"protected\": false, \"protected\": true}", UpdateCloneRequest.class,
                "malformed JSON at line 1, column 33: Duplicate field 'protected'");
        refused("{\"protected\": true} {\"protected\": false}", UpdateCloneRequest.class,
                "malformed JSON at line 1, column 21: more after the end of the JSON value");
    }

    @Test
    void messagesSpeakJsonNotJavaOrTheJsonLibrary() {
        refused("[1, 2]", CloneRequest.class, "invalid JSON: the body must be an object");
        refused("\"x\"", CloneRequest.class, "invalid JSON: the body must be an object");
        refused("{'id': 1}", CloneRequest.class, "malformed JSON at line 1, column 2: Unexpected character (''')");
        for (String body : List.of("[1, 2]", "\"x\"", "123", "{\"protected\": true} {}", "{'id': 1}",
                "{\"protected\": tru}", "{\"id\": \"\\uZZZZ\"}", "{\"snapshot\": [1]}", "{\"db\": {")) {
            assertThatThrownBy(() -> json.read(body, CloneRequest.class)).as(body)
                    .isInstanceOf(BadRequestException.class)
                    .message().doesNotContain("`").doesNotContain("io.dblab").doesNotContain("jackson")
                    .doesNotContain("JsonToken").doesNotContain("Feature").doesNotContain("Creator")
                    .doesNotContainPattern("\\(code \\d+\\)");
        }
    }

    private void refused(String body, Class<?> type, String message) {
        assertThatThrownBy(() -> json.read(body, type)).as(body)
                .isInstanceOf(BadRequestException.class).hasMessageContaining(message);
    }
}
