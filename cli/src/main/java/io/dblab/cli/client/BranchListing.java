package io.dblab.cli.client;

import io.dblab.client.model.BranchView;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The text of {@code dblab branch} and {@code dblab branch list}, as the reference CLI writes it:
 * one line per branch name in sorted order, {@code * } before the current one, and after a
 * branch whose protection still holds {@code [protected]} or {@code [protected until TIME]}.
 */
final class BranchListing {
    private static final String GREEN = "\033[1;32m";
    private static final String PLAIN = "\033[0m";

    private BranchListing() {}

    /** {@code colour}: the current name in green, which helps a person at a terminal and nobody else. */
    static String format(List<BranchView> branches, String current, boolean colour, Instant now) {
        if (branches.isEmpty()) {
            return "No branches found\n";
        }
        // a branch could be listed once per pool: the first listing of a name is the one shown
        Map<String, BranchView> byName = new TreeMap<>();
        branches.forEach(b -> byName.putIfAbsent(b.name(), b));
        StringBuilder text = new StringBuilder();
        for (BranchView b : byName.values()) {
            boolean isCurrent = b.name().equals(current);
            text.append(isCurrent ? "* " : "  ").append(isCurrent && colour ? GREEN + b.name() + PLAIN : b.name());
            String protection = protection(b, now);
            if (!protection.isEmpty()) {
                text.append("  ").append(protection);
            }
            text.append('\n');
        }
        return text.toString();
    }

    /** Empty when the branch is not protected, or its timed protection has ended and awaits the engine's check. */
    private static String protection(BranchView branch, Instant now) {
        if (!branch.isProtected()) {
            return "";
        }
        if (branch.protectedTill() == null) {
            return "[protected]";
        }
        OffsetDateTime till = OffsetDateTime.parse(branch.protectedTill()).truncatedTo(ChronoUnit.SECONDS);
        return till.toInstant().isAfter(now)
                ? "[protected until " + till.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + "]" : "";
    }
}
