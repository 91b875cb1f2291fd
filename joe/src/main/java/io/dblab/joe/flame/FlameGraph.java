package io.dblab.joe.flame;

import io.dblab.joe.plan.ExplainPlan;
import io.dblab.joe.plan.PlanNode;
import java.util.List;
import java.util.Locale;

/**
 * A flame graph of a plan as one self-contained SVG document: a frame per node, the top node at the
 * bottom, widths by time (by cost for a plan that did not run), labels with the node type and what it
 * reads. No script, no external reference, every text escaped: it can be shown anywhere as it is.
 */
public final class FlameGraph {
    static final int WIDTH = 1200;
    static final int FRAME_HEIGHT = 18;
    static final int HEADER = 28;
    static final double CHAR_WIDTH = 7.0;

    private FlameGraph() {
    }

    public static String svg(ExplainPlan plan) {
        List<Frame> frames = FrameLayout.of(plan);
        boolean timed = FrameLayout.timed(plan);
        int depth = frames.stream().mapToInt(Frame::depth).max().orElse(0) + 1;
        int height = HEADER + depth * FRAME_HEIGHT + 4;
        double total = frames.get(0).weight();
        StringBuilder svg = new StringBuilder()
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" font-family=\"monospace\" font-size=\"12\">\n")
                .append("<rect x=\"0\" y=\"0\" width=\"").append(WIDTH).append("\" height=\"").append(height).append("\" fill=\"#fdfaf3\"/>\n")
                .append("<text x=\"6\" y=\"18\" font-size=\"14\">")
                .append(Xml.escape("Plan: " + (timed ? "time, all loops, " + ms(total) : "cost " + number(total))))
                .append("</text>\n");
        for (Frame frame : frames) {
            frame(svg, frame, total, timed, height);
        }
        return svg.append("</svg>\n").toString();
    }

    private static void frame(StringBuilder svg, Frame frame, double total, boolean timed, int height) {
        PlanNode node = frame.node();
        String label = node.label();
        double x = frame.start() * WIDTH;
        double width = frame.width() * WIDTH;
        int y = height - 4 - (frame.depth() + 1) * FRAME_HEIGHT;
        String amount = timed ? ms(frame.weight()) : "cost " + number(frame.weight());
        String share = total > 0 ? String.format(Locale.ROOT, " (%.1f%%)", 100 * frame.weight() / total) : "";
        svg.append("<g class=\"frame\"><title>").append(Xml.escape(label + ": " + amount + share)).append("</title>")
                .append("<rect x=\"").append(coordinate(x)).append("\" y=\"").append(y).append("\" width=\"")
                .append(coordinate(width)).append("\" height=\"").append(FRAME_HEIGHT - 1).append("\" rx=\"2\" fill=\"")
                .append(Palette.color(node.nodeType())).append("\"/>");
        int fits = (int) ((width - 6) / CHAR_WIDTH);
        if (fits >= 3) {
            String shown = label.length() <= fits ? label : label.substring(0, fits - 2) + "..";
            svg.append("<text x=\"").append(coordinate(x + 3)).append("\" y=\"").append(y + FRAME_HEIGHT - 5).append("\">")
                    .append(Xml.escape(shown)).append("</text>");
        }
        svg.append("</g>\n");
    }

    private static String coordinate(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String ms(double value) {
        return String.format(Locale.ROOT, "%.3f ms", value);
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
