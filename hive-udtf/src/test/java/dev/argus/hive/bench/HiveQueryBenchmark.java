package dev.argus.hive.bench;

import dev.argus.hive.embedded.EmbeddedHive;
import dev.argus.hive.embedded.HiveScript;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.argus.hive.LayoutFiles;
import dev.argus.hive.SyntheticDetections;
import dev.argus.layout.avro.ImageDetections;

/**
 * End to end on a real embedded Hive: "detections above a score, with area, centre and size class"
 * written with {@code explode_detections} against the same result written with {@code inline()},
 * {@code WHERE} and SQL expressions. Both run over the same Avro table in the same JVM, alternating,
 * after a warm-up; the table printed gives detection rows per second of wall time.
 *
 * <p>Each query feeds a GROUP BY (one local MapReduce job), so what is timed is the scan, the
 * lateral view and the expressions, not the shipping of millions of rows to the client.
 *
 * <pre>
 * mvn -B -pl hive-udtf -Pbench test-compile exec:exec \
 *     -Dbench.main=dev.argus.hive.bench.HiveQueryBenchmark -Dbench.args="200000 5 5"
 * </pre>
 * Arguments: images, mean detections per image, timed runs per query.
 */
public final class HiveQueryBenchmark {

    static final float MIN_SCORE = 0.5f;

    /** The detections of {@code TABLE} above the score, with their geometry, via the UDTF. */
    public static final String EXPLODE_QUERY =
            "SELECT d.image_id, e.label, e.score, e.area, e.cx, e.cy, e.size_class "
            + "FROM TABLE d LATERAL VIEW explode_detections(d.detections, " + MIN_SCORE + ") e";

    /** The same rows with Hive's built-in {@code inline()}: filter and geometry in SQL. */
    public static final String INLINE_QUERY =
            "SELECT d.image_id, t.label, t.score, "
            + "CAST(greatest(t.x2 - t.x1, CAST(0 AS FLOAT)) * greatest(t.y2 - t.y1, CAST(0 AS FLOAT)) AS FLOAT) AS area, "
            + "CAST((t.x1 + t.x2) / 2 AS FLOAT) AS cx, CAST((t.y1 + t.y2) / 2 AS FLOAT) AS cy, "
            + "CASE WHEN greatest(t.x2 - t.x1, CAST(0 AS FLOAT)) * greatest(t.y2 - t.y1, CAST(0 AS FLOAT)) < 1024 THEN 'small' "
            + "WHEN greatest(t.x2 - t.x1, CAST(0 AS FLOAT)) * greatest(t.y2 - t.y1, CAST(0 AS FLOAT)) < 9216 THEN 'medium' "
            + "ELSE 'large' END AS size_class "
            + "FROM TABLE d LATERAL VIEW inline(d.detections) t WHERE t.score >= " + MIN_SCORE;

    /** The floor both share: read and decode every detections array, no lateral view. */
    private static final String SCAN =
            "SELECT count(*), sum(size(d.detections)) FROM bench_detections d";

    private static final String SINK = "SELECT q.size_class, count(*), round(sum(q.area), 0), round(sum(q.cx), 0), "
            + "round(sum(q.cy), 0), count(DISTINCT q.label) FROM (QUERY) q GROUP BY q.size_class ORDER BY q.size_class";

    private HiveQueryBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int meanDetections = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;

        Path base = Files.createTempDirectory("hive-query-benchmark");
        List<ImageDetections> data = SyntheticDetections.generate(images, meanDetections, 7);
        long detections = SyntheticDetections.countDetections(data);
        Path table = SyntheticDetections.write(base.resolve("detections"), data);
        data = null; // the generated records are not needed any more: give the heap to Hive
        String schemas = new LayoutFiles(base.resolve("layout")).installSchemas();

        try (EmbeddedHive hive = EmbeddedHive.start(base.resolve("hive"))) {
            hive.runScript(HiveScript.shipped("create-temporary-functions.sql"));
            hive.run("CREATE EXTERNAL TABLE bench_detections STORED AS AVRO LOCATION '" + table.toUri()
                    + "' TBLPROPERTIES ('avro.schema.url'='" + schemas + "/ImageDetections.avsc')");
            String explode = SINK.replace("QUERY", EXPLODE_QUERY.replace("TABLE", "bench_detections"));
            String inline = SINK.replace("QUERY", INLINE_QUERY.replace("TABLE", "bench_detections"));

            List<String> explodeResult = hive.run(explode); // warm-up, and the answers must agree
            List<String> inlineResult = hive.run(inline);
            if (!explodeResult.equals(inlineResult)) {
                throw new IllegalStateException("the two queries disagree:\n" + explodeResult + "\n" + inlineResult);
            }
            long rows = explodeResult.stream().mapToLong(line -> Long.parseLong(line.split("\t")[1])).sum();

            hive.run(SCAN);

            List<Double> explodeSeconds = new ArrayList<>();
            List<Double> inlineSeconds = new ArrayList<>();
            List<Double> scanSeconds = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                explodeSeconds.add(seconds(hive, explode));
                inlineSeconds.add(seconds(hive, inline));
                scanSeconds.add(seconds(hive, SCAN));
            }
            print(images, detections, rows, runs, explodeSeconds, inlineSeconds, scanSeconds);
        }
    }

    private static double seconds(EmbeddedHive hive, String query) {
        long start = System.nanoTime();
        hive.run(query);
        return (System.nanoTime() - start) / 1e9;
    }

    private static void print(int images, long detections, long rows, int runs,
                              List<Double> explodeSeconds, List<Double> inlineSeconds, List<Double> scanSeconds) {
        double explode = median(explodeSeconds);
        double inline = median(inlineSeconds);
        double scan = median(scanSeconds);
        System.out.printf("%nHive %s, %d images, %d detections, %d rows with score >= %.1f, median of %d runs%n",
                org.apache.hive.common.util.HiveVersionInfo.getVersion(), images, detections, rows, MIN_SCORE, runs);
        System.out.printf("%-44s %10s %14s%n", "query", "median s", "rows/s");
        System.out.printf("%-44s %10.2f %14.0f%n", "explode_detections(detections, 0.5)", explode, rows / explode);
        System.out.printf("%-44s %10.2f %14.0f%n", "inline(detections) + WHERE + SQL geometry", inline, rows / inline);
        System.out.printf("%-44s %10.2f %14s%n", "floor: scan + decode only, no lateral view", scan, "-");
        System.out.printf("explode_detections / inline rows/s: %.2fx; above the floor: %.2fx%n",
                inline / explode, (inline - scan) / (explode - scan));
        System.out.printf("all runs, s: explode %s%n              inline %s%n              floor %s%n",
                round(explodeSeconds), round(inlineSeconds), round(scanSeconds));
    }

    private static List<String> round(List<Double> seconds) {
        return seconds.stream().map(s -> String.format("%.2f", s)).toList();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
