package io.dblab.engine.masking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dblab.client.model.Clone;
import io.dblab.client.model.Retrieval;
import io.dblab.engine.EngineFixture;
import io.dblab.engine.config.EngineConfig;
import io.dblab.testkit.TempDirs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import javax.crypto.Mac;
import org.assertj.core.api.SoftAssertions;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Masking with no residue, end to end: a source with distinctive values in masked columns (plain,
 * indexed, and one large enough to be stored in TOAST), copied by a real engine into a btrfs pool,
 * masked, snapshotted; then every byte of every file of the snapshot is searched for them.
 *
 * <p>The hash key comes from {@code PATH}: a test cannot set environment variables in its own JVM,
 * and keyEnv only names a variable, so any variable that is set and long enough serves.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MaskingTest {
    private static final String PASSWORD = "Masking-Pass-5521-plover";
    private static final String KEY_ENV = "PATH";

    private static final String EMAIL = "planted.secret.email.q7x@leak.test";
    private static final String NAME = "Zebediah Quillfeather-Planted";
    private static final String PHONE = "+44-20-7946-0958-771";
    private static final String CARD = "4929111122223333";
    private static final String SSN = "SSN-078-05-1120-PLANTED";
    private static final String NOTE = "confidential note PLANTED-NOTE-99";
    private static final String REF = "customer-ref-PLANTED-0001";
    /** Deleted by an SQL script, and overwritten by a shell script: covered by the rewrite, not by rules. */
    private static final String SCRIPT_DELETED = "PLANTED-SCRIPT-DELETED-ROW";
    private static final String SHELL_UPDATED = "PLANTED-SHELL-UPDATED-VALUE";
    /** Written to WAL only (inserted and deleted by a script), over more than one WAL segment. */
    private static final String WAL_ONLY = "PLANTED-WAL-ONLY-";
    /** One of three values of a column: it sits in pg_statistic's most-common-values list, uncompressed. */
    private static final String CITY = "PLANTED-CITY-Gotham-Qx";
    /** 12 000 characters of random text (no compression gets it under 25%), stored out of line in TOAST. */
    private static final String TOASTED = toastValue();

    private static Path rulesDir;
    private static EngineFixture engine;
    /** Whether the pool's image file held a planted value right after the first snapshot was published. */
    private static boolean originalInImage;

    /** The engine these tests run on; PhysicalMaskingTest runs the same tests in physical mode. */
    EngineFixture.Setup setup() {
        return EngineFixture.Setup.logical(16400, 16419);
    }

    @BeforeAll
    void start() throws IOException {
        EngineFixture.Setup setup = setup();
        rulesDir = Files.createTempDirectory("dblab-masking-rules-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path rules = rulesDir.resolve("masking.yml");
        Files.writeString(rules, """
                rules:
                  - {column: public.people.email, action: email}
                  - {column: public.people.full_name, action: name}
                  - {column: public.people.phone, action: phone}
                  - {column: public.people.card, action: partial, keep: 4}
                  - {column: public.people.ssn, action: null}
                  - {column: public.people.note, action: fixed, value: redacted}
                  - {column: public.people.city, action: fixed, value: Springfield}
                  - {column: public.people.bio, action: hash}
                  - {column: public.people.ref, action: hash}
                  - {column: postgres.public.payments.person_ref, action: hash}
                scripts:
                  - sql: "DELETE FROM secrets_log WHERE msg LIKE 'PLANTED%'"
                  - sql: |
                      INSERT INTO notes SELECT 'PLANTED-WAL-ONLY-' || g FROM generate_series(1, 300000) g;
                      DELETE FROM notes WHERE txt LIKE 'PLANTED-WAL-ONLY-%';
                  - shell: '"$DBLAB_TEST_PSQL" -X -q -v ON_ERROR_STOP=1 -c "UPDATE notes SET txt = ''scrubbed''"'
                  - sql: "CREATE TABLE script_steps (steps text NOT NULL); INSERT INTO script_steps VALUES ('create')"
                  - shell: '"$DBLAB_TEST_PSQL" -X -q -v ON_ERROR_STOP=1 -c "UPDATE script_steps SET steps = steps || '',shell''"'
                  - sql: "UPDATE script_steps SET steps = steps || ',update'"
                """.replace("$DBLAB_TEST_PSQL", io.dblab.testkit.TestPostgres.BIN_DIR.resolve("psql").toString()));
        engine = EngineFixture.start(setup, sourceSql(),
                new EngineConfig.Masking(rules.toString(), KEY_ENV));
        try (InputStream image = Files.newInputStream(imageFile())) {
            originalInImage = new ByteSearch(List.copyOf(planted().values())).foundIn(image);
        }
    }

    @AfterAll
    void stop() {
        if (engine != null) {
            engine.close();
        }
        if (rulesDir != null) {
            TempDirs.deleteRecursively(rulesDir);
        }
    }

    @Test
    @Order(1)
    void theSearchFindsThePlantedValuesInTheSource() throws Exception {
        // Guards the test itself: the same search must see the values where they were not masked.
        engine.source().psql().run("postgres", "CHECKPOINT");
        Map<String, Path> found = search(engine.source().server().dataDir(), planted());
        assertThat(found).containsKeys(EMAIL, NAME, CARD, CITY, REF, "toast@0", "toast@8400");
    }

    @Test
    @Order(2)
    void theSnapshotHoldsNoByteOfTheOriginals() throws Exception {
        assertThat(engine.client().snapshots()).hasSize(1);
        assertThat(engine.client().retrieval().status()).isEqualTo("finished");
        Path snapshot = snapshotDir();

        assertThat(search(snapshot, planted())).isEmpty();
        assertThat(snapshot.resolve("dblab-server.log")).doesNotExist();
        try (Stream<Path> stats = Files.list(snapshot.resolve("pg_stat"))) {
            assertThat(stats).isEmpty();
        }
        try (Stream<Path> wal = Files.list(snapshot.resolve("pg_wal"))) {
            assertThat(wal.filter(Files::isRegularFile).count()).isBetween(1L, 2L);
        }
        assertThat(engine.client().retrieval().alerts()).doesNotContainKey(MaskedDataDir.RESIDUE_ALERT);
    }

    @Test
    @Order(3)
    void clonesSeeMaskedValuesAndHashedKeysStillJoin() throws Exception {
        Clone clone = engine.createClone("masked1", "reader", PASSWORD, false);
        try (Connection c = EngineFixture.connect(clone, PASSWORD); Statement st = c.createStatement()) {
            Map<String, String> row = row(st, "SELECT email, full_name, phone, card, ssn, note, bio, ref FROM people WHERE id = 1");
            assertThat(row.get("email")).isEqualTo("user_" + hmac(EMAIL).substring(0, 12) + "@example.com");
            assertThat(row.get("full_name")).matches("[A-Z][a-z]+ [A-Z][a-z]+");
            String[] name = row.get("full_name").split(" ");
            assertThat(FakeNames.FIRST).contains(name[0]);
            assertThat(FakeNames.LAST).contains(name[1]);
            assertThat(row.get("phone")).matches("\\+1-555-\\d{3}-\\d{4}");
            assertThat(row.get("card")).isEqualTo("************3333");
            assertThat(row.get("ssn")).isNull();
            assertThat(row.get("note")).isEqualTo("redacted");
            assertThat(scalar(st, "SELECT string_agg(DISTINCT city, ',') FROM people")).isEqualTo("Springfield");
            assertThat(row.get("bio")).isEqualTo(hmac(TOASTED).substring(0, 32));
            assertThat(row.get("ref")).isEqualTo(hmac(REF).substring(0, 32));

            // Same input, same output: the masked keys still join, row for row.
            assertThat(scalar(st, "SELECT count(*) FROM payments y JOIN people p ON p.ref = y.person_ref")).isEqualTo("1000");
            assertThat(scalar(st, "SELECT count(*) FROM people WHERE ref LIKE 'customer-ref-%'")).isEqualTo("0");
            // NULL stays NULL; every e-mail is a fake; the unique index took the fakes.
            assertThat(scalar(st, "SELECT count(*) FROM people WHERE phone IS NULL")).isEqualTo("100");
            assertThat(scalar(st, "SELECT count(*) FROM people WHERE email NOT LIKE 'user\\_%@example.com'")).isEqualTo("0");
            assertThat(scalar(st, "SELECT count(*) FROM people WHERE email = '" + EMAIL + "'")).isEqualTo("0");
            // The audit trigger did not copy the originals; the materialized view was refreshed.
            assertThat(scalar(st, "SELECT count(*) FROM audit")).isEqualTo("0");
            assertThat(scalar(st, "SELECT count(*) FROM people_emails WHERE email LIKE '%@leak.test'")).isEqualTo("0");
            // The scripts ran: the SQL one deleted a row, the shell one updated another table.
            assertThat(scalar(st, "SELECT count(*) FROM secrets_log")).isEqualTo("1");
            assertThat(scalar(st, "SELECT string_agg(DISTINCT txt, ',') FROM notes")).isEqualTo("scrubbed");
            // The scripts ran in file order: each of the last three builds on what the one before left
            // (the shell one fails without the table; swapped, the last two would leave "create,update,shell").
            assertThat(scalar(st, "SELECT string_agg(steps, ';') FROM script_steps")).isEqualTo("create,shell,update");
            // Statistics were collected again, from the masked values.
            assertThat(scalar(st, "SELECT most_common_vals::text FROM pg_stats WHERE tablename = 'people' AND attname = 'city'"))
                    .isEqualTo("{Springfield}");
        }
        engine.client().destroyClone("masked1");
        engine.awaitGone("masked1");
    }

    @Test
    @Order(4)
    void aResidueIsFoundAndTheSnapshotIsNotPublished() throws Exception {
        // The same value in a column no rule masks: masking cannot remove it, verification must notice.
        engine.source().psql().run("postgres", "CREATE TABLE leak (copy text); INSERT INTO leak VALUES ('" + EMAIL + "');");
        List<String> before = engine.client().snapshots().stream().map(s -> s.id()).toList();

        engine.client().fullRefresh();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> "failed".equals(engine.client().retrieval().status()));

        Retrieval retrieval = engine.client().retrieval();
        assertThat(retrieval.alerts()).containsKey(MaskedDataDir.RESIDUE_ALERT);
        String message = retrieval.alerts().get(MaskedDataDir.RESIDUE_ALERT).message();
        assertThat(message).containsPattern("base/\\d+/\\d+").doesNotContain(EMAIL).doesNotContain("leak.test");
        assertThat(retrieval.alerts().get("refresh_failed").message()).contains("masking residue").doesNotContain(EMAIL);
        assertThat(engine.client().snapshots().stream().map(s -> s.id()).toList()).isEqualTo(before);
        // logical mode masks the main data directory itself; physical mode a promoted copy of the standby
        boolean physical = "physical".equals(retrieval.mode());
        try (Stream<Path> copy = physical
                ? Files.list(engine.poolRoot().resolve("clones")).filter(p -> p.getFileName().toString().startsWith("promote_"))
                : Files.list(engine.poolRoot().resolve("data"))) {
            assertThat(copy).as("the unmasked copy is discarded").isEmpty();
        }
    }

    private static Path snapshotDir() {
        String id = engine.client().snapshots().get(0).id();
        return engine.poolRoot().resolve("snapshots").resolve(id.substring(id.indexOf('@') + 1));
    }

    /** The planted values by name; the TOASTed one by windows that lie inside single TOAST chunks (1996 bytes). */
    /**
     * The image holds the pool's free blocks too: those that held the values masking replaced must
     * be discarded before the snapshot is published, not minutes later by btrfs's asynchronous
     * discard. (A physical pool's standby holds the unmasked data by design: that the image is
     * root-only is what protects it.)
     */
    @Test
    @Order(5)
    void thePoolImageIsRootOnlyAndHeldNoFreedOriginalRightAfterTheRefresh() throws IOException {
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(imageFile()))).isEqualTo("rw-------");
        if ("logical".equals(setup().mode())) {
            softly.assertThat(originalInImage).as("a planted value in the pool's image file").isFalse();
        }
        softly.assertAll();
    }

    private static Path imageFile() {
        return Path.of(engine.config().poolManager().pools().get(0).imageFile());
    }

    private static Map<String, byte[]> planted() {
        Map<String, byte[]> values = new LinkedHashMap<>();
        for (String v : List.of(EMAIL, NAME, PHONE, CARD, SSN, NOTE, CITY, REF, SCRIPT_DELETED, SHELL_UPDATED, WAL_ONLY)) {
            values.put(v, v.getBytes(StandardCharsets.UTF_8));
        }
        for (int at : new int[] {0, 2100, 4200, 6300, 8400}) {
            values.put("toast@" + at, TOASTED.substring(at, at + 100).getBytes(StandardCharsets.UTF_8));
        }
        return values;
    }

    /** Every planted value found, with a file that holds it: each file read whole, a plain byte comparison. */
    private static Map<String, Path> search(Path dir, Map<String, byte[]> values) throws IOException {
        Map<String, Path> found = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> tree = Files.walk(dir)) {
            files = tree.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            byte[] content = Files.readAllBytes(file);
            values.forEach((name, value) -> {
                if (!found.containsKey(name) && indexOf(content, value) >= 0) {
                    found.put(name, file);
                }
            });
        }
        return found;
    }

    private static int indexOf(byte[] data, byte[] value) {
        outer:
        for (int i = 0; i + value.length <= data.length; i++) {
            for (int j = 0; j < value.length; j++) {
                if (data[i + j] != value[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String hmac(String value) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(System.getenv(KEY_ENV).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    }

    private static String toastValue() {
        Random random = new Random(42);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        StringBuilder s = new StringBuilder("PLANTED-TOAST-");
        while (s.length() < 12_000) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    private static String sourceSql() {
        return """
                CREATE TABLE people (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE, full_name text, phone text,
                                     card text, ssn text, note text, bio text, ref text, city text);
                ALTER TABLE people ALTER COLUMN bio SET STORAGE EXTERNAL;
                CREATE INDEX people_name_idx ON people (full_name);
                CREATE INDEX people_ref_idx ON people (ref);
                INSERT INTO people (email, full_name, phone, card, ssn, note, bio, ref)
                VALUES ('%s', '%s', '%s', '%s', '%s', '%s', '%s', '%s');
                INSERT INTO people (email, full_name, phone, card, ssn, note, bio, ref)
                SELECT 'person' || g || '@corp.test', 'Person Number ' || g, CASE WHEN g %% 10 = 0 THEN NULL ELSE '+1 212 ' || g END,
                       '5500' || lpad(g::text, 12, '0'), 'ssn-' || g, 'note ' || g, 'bio of person ' || g, 'customer-ref-' || g
                FROM generate_series(2, 1000) g;
                UPDATE people SET city = (ARRAY['%s', 'Metropolis', 'Smallville'])[1 + id %% 3];
                CREATE TABLE payments (id bigserial PRIMARY KEY, person_ref text NOT NULL, amount int NOT NULL);
                INSERT INTO payments (person_ref, amount) SELECT ref, 10 FROM people;
                CREATE TABLE audit (old_email text);
                CREATE FUNCTION audit_people() RETURNS trigger LANGUAGE plpgsql AS
                  $$ BEGIN INSERT INTO audit VALUES (OLD.email); RETURN NEW; END $$;
                CREATE TRIGGER people_audit AFTER UPDATE ON people FOR EACH ROW EXECUTE FUNCTION audit_people();
                CREATE MATERIALIZED VIEW people_emails AS SELECT email FROM people;
                CREATE TABLE secrets_log (msg text);
                INSERT INTO secrets_log VALUES ('%s'), ('harmless line');
                CREATE TABLE notes (txt text);
                INSERT INTO notes VALUES ('%s'), ('another note');
                """.formatted(EMAIL, NAME, PHONE, CARD, SSN, NOTE, TOASTED, REF, CITY, SCRIPT_DELETED, SHELL_UPDATED);
    }

    private static Map<String, String> row(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.put(rs.getMetaData().getColumnName(i), rs.getString(i));
            }
            return row;
        }
    }

    private static String scalar(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
