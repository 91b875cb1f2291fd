package io.dblab.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.client.model.BranchView;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BranchListingTest {
    private static final Instant NOW = Instant.parse("2026-06-20T12:00:00Z");

    private static BranchView branch(String name, boolean isProtected, String till) {
        return new BranchView(name, "-", "20260620120000", "pool@s1", 1, isProtected, till);
    }

    @Test
    void sortsNamesMarksTheCurrentOneAndShowsProtectionThatStillHolds() {
        String text = BranchListing.format(List.of(
                branch("main", false, null),
                branch("feature", true, "2026-06-20T11:59:59Z"),
                branch("dev", true, null),
                branch("release", true, "2026-06-21T08:30:00.123456Z"),
                branch("dev", false, null)), "main", false, NOW);

        assertThat(text).isEqualTo("""
                  dev  [protected]
                  feature
                * main
                  release  [protected until 2026-06-21T08:30:00Z]
                """);
    }

    @Test
    void coloursTheCurrentNameOnlyWhenAsked() {
        List<BranchView> branches = List.of(branch("main", false, null), branch("dev", false, null));

        assertThat(BranchListing.format(branches, "dev", true, NOW)).isEqualTo("* \033[1;32mdev\033[0m\n  main\n");
        assertThat(BranchListing.format(branches, "other", true, NOW)).isEqualTo("  dev\n  main\n");
    }

    @Test
    void saysSoWhenThereAreNoBranches() {
        assertThat(BranchListing.format(List.of(), "main", false, NOW)).isEqualTo("No branches found\n");
    }
}
