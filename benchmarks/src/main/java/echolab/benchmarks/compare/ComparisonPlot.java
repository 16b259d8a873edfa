package echolab.benchmarks.compare;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Throughput and p99 against connections, a line per server, drawn side by side into one PNG. */
final class ComparisonPlot {
    private ComparisonPlot() {
    }

    static void draw(Comparison comparison, Path file) throws IOException {
        // A server run from a terminal-less CI box has no display; XChart draws off-screen.
        System.setProperty("java.awt.headless", "true");
        XYChart throughput = chart("Throughput", "requests/s", false);
        XYChart p99 = chart("p99 latency", "ms", true);
        for (ServerResult r : comparison.results()) {
            if (!r.measured()) {
                continue;
            }
            var runs = new ArrayList<LoadRun>();
            runs.add(r.single());
            for (LoadRun run : r.many()) {
                // A server capped below the plan's count (the process server) is drawn once at its cap.
                if (run.connections() != runs.getLast().connections()) {
                    runs.add(run);
                }
            }
            String name = r.name() + (r.many().stream().anyMatch(LoadRun::connectPerRequest) ? " (conn/request)" : "");
            add(throughput, name, runs, LoadRun::throughput);
            add(p99, name, runs, run -> Math.max(run.p99Ms(), 0.001));
        }
        String path = file.toAbsolutePath().toString();
        BitmapEncoder.saveBitmap(List.of(throughput, p99), 1, 2, path.substring(0, path.length() - ".png".length()),
                BitmapEncoder.BitmapFormat.PNG);
    }

    private static XYChart chart(String title, String unit, boolean logY) {
        XYChart chart = new XYChartBuilder().width(640).height(480).title(title)
                .xAxisTitle("connections").yAxisTitle(unit).build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        return chart;
    }

    private static void add(XYChart chart, String name, List<LoadRun> runs, ToDoubleFunction<LoadRun> value) {
        double[] x = runs.stream().mapToDouble(LoadRun::connections).toArray();
        double[] y = runs.stream().mapToDouble(value).toArray();
        chart.addSeries(name, x, y).setMarker(SeriesMarkers.CIRCLE);
    }
}
