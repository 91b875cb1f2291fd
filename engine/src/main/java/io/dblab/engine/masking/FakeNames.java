package io.dblab.engine.masking;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The names the {@code name} action picks from. They are ordinary names on purpose, so masked
 * data looks real; the keyed hash of the original picks one first and one last name.
 */
final class FakeNames {
    static final List<String> FIRST = List.of(
            "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
            "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
            "Daniel", "Lisa", "Matthew", "Nancy", "Anthony", "Betty", "Mark", "Sandra", "Paul", "Ashley",
            "Steven", "Emily", "Andrew", "Donna", "Joshua", "Michelle");
    static final List<String> LAST = List.of(
            "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
            "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Taylor", "Moore", "Jackson", "Martin", "Lee",
            "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker",
            "Young", "Allen", "King", "Wright", "Scott", "Torres");

    private FakeNames() {}

    /** A text[] literal of the names, for the SQL that picks one. */
    static String sqlArray(List<String> names) {
        return "'{" + names.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(",")) + "}'::text[]";
    }

    /** Whether {@code text} occurs inside some "First Last" the action can write. */
    static boolean canWrite(String text) {
        for (String first : FIRST) {
            for (String last : LAST) {
                if ((first + " " + last).contains(text)) {
                    return true;
                }
            }
        }
        return false;
    }
}
