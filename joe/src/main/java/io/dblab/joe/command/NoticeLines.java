package io.dblab.joe.command;

import io.dblab.joe.guard.Vetting;
import io.dblab.joe.redact.Notices;
import io.dblab.joe.redact.RedactedError;
import io.dblab.joe.session.Session;
import java.util.ArrayList;
import java.util.List;

/** The notices of a statement as lines for the answer: the server's own guarded, the user functions' only counted. */
final class NoticeLines {
    private NoticeLines() {
    }

    static List<String> of(Notices notices, Session session) {
        List<String> lines = new ArrayList<>();
        if (!notices.kept().isEmpty()) {
            List<String> texts = new ArrayList<>();
            notices.kept().forEach(n -> {
                texts.add(n.message());
                n.hint().ifPresent(texts::add);
            });
            Vetting vetting = session.guard().vet(texts);
            for (RedactedError n : notices.kept()) {
                lines.add(new RedactedError(n.severity(), n.sqlState(), vetting.message(n.message()),
                        n.hint().map(vetting::message), n.position()).text());
            }
        }
        if (notices.suppressed() > 0) {
            lines.add(notices.suppressed() + " message(s) raised by user-defined functions were suppressed: they can hold data.");
        }
        return lines;
    }
}
