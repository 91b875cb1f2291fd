package io.dblab.checkup.report;

import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * A horizontal bar chart as inline SVG (no external assets, no scripts): one bar per item, split
 * into stacked segments, with the item's label on the left and its value on the right.
 */
public final class SvgBarChart {
    private static final String[] COLORS = {"#3b6ea8", "#e08a2e", "#5aa469", "#b8505a", "#7d62a8", "#8c6d4f"};
    private static final int WIDTH = 860;
    private static final int LABEL_WIDTH = 300;
    private static final int VALUE_WIDTH = 110;
    private static final int ROW = 22;
    private static final int TOP = 34;

    /**
     * One bar: its label, its segment values (in the order of the segment names), and the text at its
     * end (null: the formatted total).
     */
    public record Bar(String label, double[] segments, String valueText) {
        public Bar(String label, double[] segments) {
            this(label, segments, null);
        }

        double total() {
            double t = 0;
            for (double s : segments) {
                t += Math.max(0, s);
            }
            return t;
        }
    }

    private SvgBarChart() {}

    public static String render(String title, List<String> segmentNames, List<Bar> bars, DoubleFunction<String> format) {
        double max = bars.stream().mapToDouble(Bar::total).max().orElse(0);
        int height = TOP + bars.size() * ROW + 10;
        int barArea = WIDTH - LABEL_WIDTH - VALUE_WIDTH - 10;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart\" role=\"img\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" width=\"").append(WIDTH).append("\" height=\"").append(height).append("\">");
        svg.append("<title>").append(Html.escape(title)).append("</title>");
        svg.append("<text x=\"0\" y=\"14\" class=\"chart-title\">").append(Html.escape(title)).append("</text>");
        if (segmentNames.size() > 1) {
            int x = LABEL_WIDTH;
            for (int i = 0; i < segmentNames.size(); i++) {
                svg.append("<rect x=\"").append(x).append("\" y=\"5\" width=\"10\" height=\"10\" fill=\"")
                        .append(COLORS[i % COLORS.length]).append("\"/>");
                svg.append("<text x=\"").append(x + 14).append("\" y=\"14\">").append(Html.escape(segmentNames.get(i)))
                        .append("</text>");
                x += 20 + segmentNames.get(i).length() * 7;
            }
        }
        for (int row = 0; row < bars.size(); row++) {
            Bar bar = bars.get(row);
            int y = TOP + row * ROW;
            String label = bar.label().length() > 42 ? bar.label().substring(0, 41) + "…" : bar.label();
            svg.append("<text x=\"").append(LABEL_WIDTH - 6).append("\" y=\"").append(y + 14)
                    .append("\" text-anchor=\"end\"><title>").append(Html.escape(bar.label())).append("</title>")
                    .append(Html.escape(label)).append("</text>");
            double x = LABEL_WIDTH;
            for (int s = 0; s < bar.segments().length; s++) {
                double w = max <= 0 ? 0 : Math.max(0, bar.segments()[s]) / max * barArea;
                if (w > 0) {
                    svg.append("<rect x=\"").append(fmt(x)).append("\" y=\"").append(y + 3).append("\" width=\"")
                            .append(fmt(Math.max(w, 0.5))).append("\" height=\"").append(ROW - 6).append("\" fill=\"")
                            .append(COLORS[s % COLORS.length]).append("\"><title>")
                            .append(Html.escape((segmentNames.size() > s ? segmentNames.get(s) + ": " : "")
                                    + format.apply(bar.segments()[s]))).append("</title></rect>");
                }
                x += w;
            }
            svg.append("<text x=\"").append(fmt(x + 6)).append("\" y=\"").append(y + 14).append("\">")
                    .append(Html.escape(bar.valueText() != null ? bar.valueText() : format.apply(bar.total())))
                    .append("</text>");
        }
        svg.append("</svg>");
        return svg.toString();
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }
}
