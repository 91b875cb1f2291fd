package io.dblab.joe.command;

import io.dblab.joe.guard.Origin;
import io.dblab.joe.guard.Vetting;

/** One value of a catalog answer, with what the guard must check in it before it is shown. */
record Cell(Kind kind, String text, Origin origin) {
    enum Kind {
        /** Joe's own words and numbers (a relation kind, a size): nothing to check. */
        PLAIN,
        /** One name, judged whole. */
        NAME,
        /** Deparsed SQL: names checked; literals and numbers judged by origin. */
        EXPRESSION,
        /** A comment: shown as it is when it predates the session, else only if the person wrote it. */
        FREE_TEXT
    }

    static Cell plain(String text) {
        return new Cell(Kind.PLAIN, text, Origin.BASELINE);
    }

    static Cell name(String text) {
        return new Cell(Kind.NAME, text, Origin.BASELINE);
    }

    /** @param changed whether the catalog row it comes from was written in the session */
    static Cell expression(String text, boolean changed) {
        return new Cell(Kind.EXPRESSION, text, changed ? Origin.SESSION : Origin.BASELINE);
    }

    static Cell freeText(String text, boolean changed) {
        return new Cell(Kind.FREE_TEXT, text, changed ? Origin.SESSION : Origin.BASELINE);
    }

    String shown(Vetting vetting) {
        if (text == null) {
            return "";
        }
        return switch (kind) {
            case PLAIN -> text;
            case NAME -> vetting.name(text);
            case EXPRESSION -> vetting.expression(text, origin);
            case FREE_TEXT -> vetting.freeText(text, origin);
        };
    }

    /** What the guard must look up for this cell (names in it), or null. */
    String vetted() {
        return kind == Kind.NAME || kind == Kind.EXPRESSION ? text : null;
    }
}
