package io.dblab.joe.guard;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The last gate before Joe shows or stores anything computed in a clone: every name, literal and
 * number in it must be one the person wrote in the session, a keyword, or metadata the clone's catalog
 * vouches for (see {@link NameCatalog}); anything else becomes {@value Vetting#REDACTED}. One catalog
 * look-up serves all the texts of an answer: {@link #vet} collects their names first.
 */
public final class OutputGuard {
    private final SessionText written;
    private final NameCatalog catalog;
    private final Set<String> ownNames;

    /** @param ownNames names Joe itself gives in the clone (its roles and schema), shown like the catalog's */
    public OutputGuard(SessionText written, NameCatalog catalog, Set<String> ownNames) {
        this.written = written;
        this.catalog = catalog;
        this.ownNames = Set.copyOf(ownNames);
    }

    public SessionText written() {
        return written;
    }

    public NameCatalog catalog() {
        return catalog;
    }

    /** Looks up, once, every name the texts hold that the person did not write; the result judges those texts. */
    public Vetting vet(Collection<String> texts) {
        Set<String> candidates = new HashSet<>();
        for (String text : texts) {
            if (text == null) {
                continue;
            }
            candidates.add(text);
            for (Token token : SqlTokenizer.tokens(text)) {
                switch (token.kind()) {
                    case WORD, QUOTED_NAME -> candidates.addAll(Vetting.forms(token.value()));
                    case LITERAL -> {
                        candidates.add(token.value());
                        candidates.addAll(Vetting.nameParts(token.value()));
                    }
                    default -> {
                        // operators, numbers and blanks name nothing
                    }
                }
            }
        }
        candidates.removeIf(c -> c.isEmpty() || Vetting.VOCABULARY.contains(c) || ownNames.contains(c) || written.wrote(c));
        Set<String> known = new HashSet<>(ownNames);
        if (!candidates.isEmpty()) {
            known.addAll(catalog.known(candidates));
        }
        return new Vetting(written, known);
    }
}
