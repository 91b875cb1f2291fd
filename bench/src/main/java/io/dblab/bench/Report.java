package io.dblab.bench;

import static io.dblab.bench.DocSection.met;

import java.util.List;
import java.util.Locale;

/** The clone benchmark's section of docs/benchmarks.md, in Markdown. */
final class Report {
    static final DocSection SECTION = new DocSection("clone-bench", "bench/run-clone-bench.sh");
    static final double MAX_RATIO = 1.5;
    static final double MAX_SIZE_DIFFERENCE = 0.20;
    static final double MAX_PSS_PER_CLONE_MB = 30;

    private Report() {}

    static String render(Machine machine, CloneBench.Options options, List<SizeResult> results, String loadBefore,
                         String loadAfter) {
        StringBuilder md = new StringBuilder(SECTION.head("Thin clones: creation, reset and density", machine,
                options.command(), options.quick()));
        md.append(String.format(Locale.ROOT, "Machine: %s. "
                        + "Each database gets its own engine (in the benchmark's JVM, API on loopback HTTP) with a btrfs "
                        + "pool on a sparse %s image file on %s, loop-mounted; the snapshot comes from logical "
                        + "retrieval of a source server filled as its section says. The benchmark and the servers "
                        + "it starts ran at nice %s; load average (1 min) %s at the start, %s at the end (other work "
                        + "on the machine, if any, is in the figures).\n\n",
                machine.summary(), options.imageSize(), machine.workDirFileSystem(), machine.niceness(), loadBefore,
                loadAfter));
        md.append(METHOD.replace("{poll}", Long.toString(ApiClones.POLL_INTERVAL.toMillis()))
                .replace("{warm}", Integer.toString(CloneBench.WARM_UP_RUNS)));
        for (SizeResult r : results) {
            size(md, r);
        }
        for (SizeResult other : results.subList(1, results.size())) {
            between(md, results.get(0), other);
        }
        results.stream().filter(r -> r.density != null).forEach(r -> density(md, r));
        targets(md, results);
        md.append(SECTION.end()).append("\n");
        return md.toString();
    }

    private static final String METHOD = """
            **What is timed.** Figures are median (min – max). All databases are set up first, then the runs
            alternate: API, floor, the next database's API and floor, and so on, after {warm} untimed warm-up runs
            of each, so that load that comes and goes weighs on all figures alike. Clones are destroyed between
            create runs.

            - **API create**: `POST /clone` → `GET /clone/{id}` every {poll} ms until the status is `OK` → a pgjdbc
              connection with the clone's user and password that runs `SELECT 1`.
            - **Floor create**, by hand on the same pool and snapshot: `btrfs subvolume snapshot` → the same settings
              file as the engine's (port, `listen_addresses` 127.0.0.1, a private `unix_socket_directories` beside
              the data directory, `shared_buffers` 16MB), pg_hba.conf and pg_ident.conf → `pg_ctl start -w` as
              the postgres OS user → `CREATE ROLE … LOGIN SUPERUSER PASSWORD '<SCRAM verifier>'` with psql over the
              socket (peer authentication) → the same pgjdbc connection. The floor runs as the pool's OS user on
              the snapshot as it is; the engine runs each clone as its own OS identity on an ID-mapped mount of its
              copy, and removes that identity's processes, IPC objects and temporary files on reset and destroy.
            - **Reset**: API `POST /clone/{id}/reset` → poll until `OK` → connection; floor `pg_ctl stop -m immediate`
              → `btrfs subvolume delete` → floor create. Before each reset (not timed) the clone changes some rows
              (pgbench: 1000 rows of `pgbench_accounts`; many tables: every row of 100 tables).
            - **engine cloningTime**: what the engine itself reports in the clone's metadata (request accepted →
              `OK`), without the polling and the connection.
            - **Full copies** for comparison, until the copy answers `SELECT 1`: `createdb --template` of the source
              database (no other sessions on it), and `pg_basebackup -c fast -X stream` of the source into a new
              directory + the clone settings + `pg_ctl start -w`.

            """;

    private static void size(StringBuilder md, SizeResult r) {
        md.append(String.format(Locale.ROOT, "### %s: database of %d MB\n\n", r.dataset.title(),
                r.databaseBytes >> 20));
        md.append(String.format(Locale.ROOT, "Source filled by %s. Snapshot made by logical retrieval (2 jobs) in %s; "
                + "a clone's data directory holds %,d files.\n\n", r.dataset.description(), Sample.ms(r.retrievalMillis),
                r.snapshotFiles));
        md.append("| operation | through the API | raw floor | API / floor (medians) | target ≤ 1.5× |\n");
        md.append("|---|---|---|---|---|\n");
        md.append(String.format(Locale.ROOT, "| create → first query (N=%d) | %s | %s | %.2f× | %s |\n",
                r.apiCreate.count(), r.apiCreate.cell(), r.floorCreate.cell(), r.createRatio(),
                met(r.createRatio() <= MAX_RATIO)));
        md.append(String.format(Locale.ROOT, "| reset → first query (N=%d) | %s | %s | %.2f× | %s |\n\n",
                r.apiReset.count(), r.apiReset.cell(), r.floorReset.cell(), r.resetRatio(),
                met(r.resetRatio() <= MAX_RATIO)));
        md.append("Where the API time goes (medians): the engine's cloningTime is ").append(Sample.ms(r.engineCreate.median()))
                .append(" for create and ").append(Sample.ms(r.engineReset.median())).append(" for reset; `POST /clone` answered in ")
                .append(Sample.ms(r.createRequest.median())).append(", `POST /clone/{id}/reset` in ")
                .append(Sample.ms(r.resetRequest.median())).append(", each polling `GET /clone/{id}` in ")
                .append(Sample.ms(r.pollLatency.median())).append(" (max ").append(Sample.ms(r.pollLatency.max()))
                .append(").\n\n");
        md.append("| full copy (without thin clones) | time | vs API create (medians) |\n|---|---|---|\n");
        md.append(String.format(Locale.ROOT, "| `createdb --template` (N=%d) | %s | %.0f× |\n", r.createdb.count(),
                r.createdb.cell(), r.createdb.median() / r.apiCreate.median()));
        md.append(String.format(Locale.ROOT, "| `pg_basebackup` + start (N=%d) | %s | %.0f× |\n\n", r.basebackup.count(),
                r.basebackup.cell(), r.basebackup.median() / r.apiCreate.median()));
    }

    /** The same operations on another database take the same time: a cost per byte or per file would show here. */
    private static void between(StringBuilder md, SizeResult first, SizeResult other) {
        md.append(String.format(Locale.ROOT, "### %s against %s (API medians)\n\n", other.dataset.title(),
                first.dataset.title()));
        md.append(String.format(Locale.ROOT, "| operation | %s | %s | difference | target within 20%% |\n",
                first.dataset.title(), other.dataset.title()));
        md.append("|---|---|---|---|---|\n");
        betweenRow(md, "create", first.apiCreate, other.apiCreate);
        betweenRow(md, "reset", first.apiReset, other.apiReset);
        md.append("\n");
    }

    private static void betweenRow(StringBuilder md, String what, Sample small, Sample big) {
        double difference = big.median() / small.median() - 1;
        md.append(String.format(Locale.ROOT, "| %s | %s | %s | %+.0f%% | %s |\n", what, Sample.ms(small.median()),
                Sample.ms(big.median()), difference * 100, met(Math.abs(difference) <= MAX_SIZE_DIFFERENCE)));
    }

    private static void density(StringBuilder md, SizeResult r) {
        Density.Result d = r.density;
        md.append(String.format(Locale.ROOT, "### Density: %d idle clones at once (%s)\n\n", d.clones(),
                r.dataset.title()));
        md.append("Memory is the sum over all postgres processes of the clones (postmaster and children) of PSS from "
                + "`/proc/<pid>/smaps_rollup`, divided by the number of clones, measured 5 s after the last clone "
                + "was ready and before any connection; RSS counts shared pages once per process and is given for "
                + "reference only.\n\n");
        md.append("| clones | postgres processes | PSS per clone | RSS per clone | answered `SELECT 1` "
                + "| all created and connectable in | target PSS ≤ 30 MB |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        md.append(String.format(Locale.ROOT, "| %d | %d | %.1f MB | %.1f MB | %d of %d | %s | %s |\n\n",
                d.clones(), d.memory().processes(), mb(d.pssPerClone()), mb(d.rssPerClone()), d.answered(),
                d.clones(), Sample.ms(d.createAllMillis()), met(mb(d.pssPerClone()) <= MAX_PSS_PER_CLONE_MB)));
    }

    private static void targets(StringBuilder md, List<SizeResult> results) {
        md.append("### Targets\n\n");
        for (SizeResult r : results) {
            md.append(String.format(Locale.ROOT, "- %s: create %.2f× the floor (%s / %s), reset %.2f× (%s / %s), "
                            + "target ≤ 1.5×: create %s, reset %s.\n", r.dataset.title(),
                    r.createRatio(), Sample.ms(r.apiCreate.median()), Sample.ms(r.floorCreate.median()),
                    r.resetRatio(), Sample.ms(r.apiReset.median()), Sample.ms(r.floorReset.median()),
                    met(r.createRatio() <= MAX_RATIO), met(r.resetRatio() <= MAX_RATIO)));
        }
        SizeResult first = results.get(0);
        for (SizeResult other : results.subList(1, results.size())) {
            double create = other.apiCreate.median() / first.apiCreate.median() - 1;
            double reset = other.apiReset.median() / first.apiReset.median() - 1;
            md.append(String.format(Locale.ROOT, "- Same time for %s as for %s (within 20%%): create %+.0f%% %s, "
                            + "reset %+.0f%% %s.\n", other.dataset.title(), first.dataset.title(), create * 100,
                    met(Math.abs(create) <= MAX_SIZE_DIFFERENCE), reset * 100, met(Math.abs(reset) <= MAX_SIZE_DIFFERENCE)));
        }
        for (SizeResult r : results) {
            if (r.density != null) {
                Density.Result d = r.density;
                md.append(String.format(Locale.ROOT, "- Density: %.1f MB PSS per idle clone, target ≤ 30 MB: %s; "
                                + "%d of %d clones answered `SELECT 1`: %s.\n", mb(d.pssPerClone()),
                        met(mb(d.pssPerClone()) <= MAX_PSS_PER_CLONE_MB), d.answered(), d.clones(),
                        met(d.answered() == d.clones())));
            }
        }
        md.append("\n");
    }

    private static double mb(double bytes) {
        return bytes / (1 << 20);
    }
}
