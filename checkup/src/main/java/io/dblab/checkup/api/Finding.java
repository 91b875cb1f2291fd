package io.dblab.checkup.api;

import java.util.List;

/**
 * A conclusion with its priority and what to do about it. {@code doSql} and {@code undoSql} carry
 * the statements for index findings (drop/create), empty otherwise.
 */
public record Finding(Priority priority, String conclusion, String recommendation, List<String> doSql,
                      List<String> undoSql) {
    public Finding {
        doSql = doSql == null ? List.of() : List.copyOf(doSql);
        undoSql = undoSql == null ? List.of() : List.copyOf(undoSql);
    }

    public static Finding of(Priority priority, String conclusion, String recommendation) {
        return new Finding(priority, conclusion, recommendation, List.of(), List.of());
    }
}
