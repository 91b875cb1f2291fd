package io.dblab.joe.command;

import io.dblab.joe.guard.OutputGuard;
import io.dblab.joe.guard.Vetting;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The lines and tables of a catalog answer, held as {@link Cell}s until all of them are known, then
 * judged with one look-up and rendered.
 */
final class CatalogAnswer {
    private final List<Object> parts = new ArrayList<>();

    /** A line made of cells, such as {@code Table "public.orders"}: plain text between guarded names. */
    CatalogAnswer line(Cell... cells) {
        parts.add(cells.clone());
        return this;
    }

    CatalogAnswer table(List<String> headers, List<Cell[]> rows) {
        parts.add(new Table(headers, rows));
        return this;
    }

    boolean isEmpty() {
        return parts.isEmpty();
    }

    String render(OutputGuard guard) {
        List<String> vetted = new ArrayList<>();
        for (Object part : parts) {
            List<Cell[]> rows = part instanceof Table t ? t.rows() : List.<Cell[]>of((Cell[]) part);
            rows.forEach(row -> {
                for (Cell cell : row) {
                    vetted.add(cell.vetted());
                }
            });
        }
        Vetting vetting = guard.vet(vetted.stream().filter(Objects::nonNull).toList());
        StringBuilder out = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof Table t) {
                TextTable table = new TextTable(t.headers().toArray(String[]::new));
                for (Cell[] row : t.rows()) {
                    String[] shown = new String[row.length];
                    for (int i = 0; i < row.length; i++) {
                        shown[i] = row[i].shown(vetting);
                    }
                    table.row(shown);
                }
                out.append(table.render());
            } else {
                for (Cell cell : (Cell[]) part) {
                    out.append(cell.shown(vetting));
                }
            }
            out.append('\n');
        }
        return out.toString().stripTrailing();
    }

    private record Table(List<String> headers, List<Cell[]> rows) {
    }
}
