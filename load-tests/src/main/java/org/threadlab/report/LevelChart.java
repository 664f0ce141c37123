package org.threadlab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.MeetOrSlice;
import org.jfree.svg.PreserveAspectRatio;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * One chart of a figure against the load level: servers as coloured lines with markers, bounds
 * and objectives as thin unmarked lines, generator-limited levels as grey bands. Drawn by
 * JFreeChart, to SVG (JFreeSVG) for the page and to PNG for summary.md.
 */
final class LevelChart {
    static final int WIDTH = 640;
    static final int HEIGHT = 380;
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Color LIMITED = new Color(120, 120, 120, 55);

    enum Line {
        SOLID(new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND)),
        DASHED(new BasicStroke(2.0f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[]{7f, 4f}, 0f)),
        BOUND(new BasicStroke(1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[]{2f, 3f}, 0f));

        final Stroke stroke;

        Line(Stroke stroke) {
            this.stroke = stroke;
        }
    }

    /**
     * One line: {@code y} holds one value per x position (null where not measured). A series of a
     * server has markers and the server's colour; a bound or objective ({@code server} null) is a
     * thin line in {@code color}.
     */
    record Series(String name, String server, Line line, Color color, List<Double> y) {
        static Series of(String name, String server, Line line, List<Double> y) {
            return new Series(name, server, line, Palette.of(server), y);
        }

        static Series bound(String name, Color color, List<Double> y) {
            return new Series(name, null, Line.BOUND, color, y);
        }

        boolean hasData() {
            return y.stream().anyMatch(Objects::nonNull);
        }
    }

    final String id;
    final String title;
    final String yLabel;
    final boolean logY;
    final List<LevelPoint.XKey> axis;
    final String xLabel;
    final Map<LevelPoint.XKey, List<String>> limited;
    final List<Series> series;
    /** An upper limit for the y axis (a bound far above every server may leave the frame), or null. */
    Double yMax;

    LevelChart(String id, String title, String yLabel, boolean logY, List<LevelPoint.XKey> axis, String xLabel,
               Map<LevelPoint.XKey, List<String>> limited, List<Series> series) {
        this.id = id;
        this.title = title;
        this.yLabel = yLabel;
        this.logY = logY;
        this.axis = axis;
        this.xLabel = xLabel;
        this.limited = limited;
        this.series = series.stream().filter(Series::hasData).toList();
    }

    /** The servers that have at least one value in this chart. */
    List<String> servers() {
        return series.stream().map(Series::server).filter(Objects::nonNull).distinct().toList();
    }

    JFreeChart build() {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        int i = 0;
        for (Series s : series) {
            XYSeries xy = new XYSeries(s.name(), false, true);
            for (int x = 0; x < s.y().size() && x < axis.size(); x++) {
                Double v = s.y().get(x);
                if (v != null && Double.isFinite(v) && (!logY || v > 0)) {
                    xy.add(x, v);
                }
            }
            data.addSeries(xy);
            renderer.setSeriesPaint(i, s.color());
            renderer.setSeriesStroke(i, s.line().stroke);
            boolean marked = s.server() != null;
            renderer.setSeriesShapesVisible(i, marked);
            if (marked) {
                double r = s.line() == Line.SOLID ? 4 : 3.5;
                renderer.setSeriesShape(i, new Ellipse2D.Double(-r, -r, 2 * r, 2 * r));
                renderer.setSeriesShapesFilled(i, true);
                renderer.setSeriesFillPaint(i, s.line() == Line.SOLID ? s.color() : Color.WHITE);
            }
            i++;
        }
        renderer.setUseFillPaint(true);
        renderer.setDrawOutlines(true);
        renderer.setUseOutlinePaint(false);

        SymbolAxis x = new SymbolAxis(xLabel, axis.stream().map(LevelPoint.XKey::tick).toArray(String[]::new));
        x.setGridBandsVisible(false);
        x.setRange(-0.5, Math.max(0.5, axis.size() - 0.5));
        x.setLabelFont(LABEL);
        x.setTickLabelFont(TICK);
        ValueAxis y = logY ? logAxis() : linearAxis();
        if (yMax != null && !logY) {
            y.setAutoRange(false);
            y.setRange(0, yMax);
        }
        y.setLabelFont(LABEL);
        y.setTickLabelFont(TICK);

        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xE6E6E6));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        plot.setDomainGridlineStroke(new BasicStroke(1f));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setOutlinePaint(new Color(0xBBBBBB));
        plot.setAxisOffset(new RectangleInsets(4, 4, 4, 4));
        for (Map.Entry<LevelPoint.XKey, List<String>> e : limited.entrySet()) {
            int at = axis.indexOf(e.getKey());
            if (at < 0) {
                continue;
            }
            IntervalMarker band = new IntervalMarker(at - 0.42, at + 0.42, LIMITED);
            band.setLabel("generator-limited");
            band.setLabelFont(TICK);
            band.setLabelPaint(new Color(0x555555));
            band.setLabelAnchor(RectangleAnchor.TOP);
            band.setLabelTextAnchor(TextAnchor.TOP_CENTER);
            band.setLabelOffset(new RectangleInsets(3, 0, 0, 0));
            plot.addDomainMarker(band, Layer.BACKGROUND);
        }

        JFreeChart chart = new JFreeChart(null, TITLE, plot, true);
        chart.setTitle(new TextTitle(title, TITLE));
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        chart.setElementHinting(true);
        LegendTitle legend = chart.getLegend();
        legend.setItemFont(LABEL);
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setFrame(BlockBorder.NONE);
        legend.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private ValueAxis linearAxis() {
        NumberAxis y = new NumberAxis(yLabel);
        y.setAutoRangeIncludesZero(true);
        y.setAutoRangeMinimumSize(1.0); // an all-zero series (no errors) still gets a readable axis
        y.setNumberFormatOverride(new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        y.setUpperMargin(0.12);
        return y;
    }

    private ValueAxis logAxis() {
        LogarithmicAxis y = new LogarithmicAxis(yLabel);
        y.setStrictValuesFlag(false);
        y.setExpTickLabelsFlag(false);
        y.setLog10TickLabelsFlag(false);
        y.setNumberFormatOverride(new DecimalFormat("#,##0.#", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        double min = Double.MAX_VALUE;
        double max = 0;
        for (Series s : series) {
            for (Double v : s.y()) {
                if (v != null && v > 0) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (max > 0) {
            // whole decades around the data, so the decade ticks are always shown
            y.setRange(Math.pow(10, Math.floor(Math.log10(min))), Math.pow(10, Math.ceil(Math.log10(max * 1.05))));
        }
        return y;
    }

    /** An inline {@code <svg>} element that scales to its container. */
    String svg() {
        SVGGraphics2D g2 = new SVGGraphics2D(WIDTH, HEIGHT);
        g2.setDefsKeyPrefix(id + "-");
        build().draw(g2, new Rectangle(0, 0, WIDTH, HEIGHT));
        return g2.getSVGElement(id, false, new ViewBox(0, 0, WIDTH, HEIGHT), PreserveAspectRatio.XMID_YMID,
                MeetOrSlice.MEET);
    }

    /** A PNG at twice the size, so it stays sharp in documents. */
    void png(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage image = build().createBufferedImage(WIDTH * 2, HEIGHT * 2, WIDTH, HEIGHT, null);
        ImageIO.write(image, "png", file.toFile());
    }

    static List<Double> values(int n) {
        List<Double> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(null);
        }
        return out;
    }
}
