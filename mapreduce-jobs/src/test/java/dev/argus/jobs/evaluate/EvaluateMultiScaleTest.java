package dev.argus.jobs.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.zoo.eval.CocoMetrics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;
import org.junit.jupiter.api.Test;

/** {@code argus evaluate} on the small-object set, plain and sliced, with the committed shapes bundle. */
class EvaluateMultiScaleTest {

    private static final String BUNDLE = "../model-zoo/bundles/shapes-yolo-spp-fpn/1";
    /** Measured on these two images (YOLO bundle): AP_small plain 0.000, sliced 128/0.2 0.354. */
    private static final double SLICED_GAIN = 0.25;

    @Test
    void slicedEvaluationRunsEveryTileAndScoresTheSmallObjectSet() throws Exception {
        EvaluateTool sliced = new EvaluateTool();
        String printed = evaluate(sliced, "--slice", "128/0.2");
        CocoMetrics metrics = sliced.lastMetrics();
        assertEquals(2, metrics.images());
        assertTrue(metrics.objects() >= 40 && metrics.objects() <= 80, "20-40 shapes per image: " + metrics.objects());
        assertTrue(printed.contains("synthetic small images of seed 5"), printed);
        assertTrue(printed.contains("model passes: 62 for 2 images (31.0 per image) in 8 model calls"), printed);

        // Slicing is there to find small objects that one squeezed pass misses: on the same two images it
        // must beat the plain pass by a wide margin.
        EvaluateTool plain = new EvaluateTool();
        evaluate(plain);
        CocoMetrics whole = plain.lastMetrics();
        System.out.printf(Locale.ROOT, "small objects, 2 images: AP_small plain %.4f sliced %.4f; AP50 plain %.4f sliced %.4f%n",
                whole.apSmall(), metrics.apSmall(), whole.ap50(), metrics.ap50());
        assertTrue(metrics.apSmall() - whole.apSmall() >= SLICED_GAIN, "AP_small sliced " + metrics.apSmall() + " vs plain "
                + whole.apSmall() + ", want a gain of at least " + SLICED_GAIN);
    }

    /** {@code argus evaluate} of the bundle on the first two small-object images of seed 5; returns what it printed. */
    private static String evaluate(EvaluateTool tool, String... options) throws Exception {
        PrintStream originalOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int rc;
        try {
            String[] args = {"--model", BUNDLE, "--synthetic", "5", "--synthetic-set", "small-objects", "--count", "2",
                    "--batch-size", "2"};
            rc = ToolRunner.run(new Configuration(), tool,
                    Stream.concat(Arrays.stream(args), Arrays.stream(options)).toArray(String[]::new));
        } finally {
            System.setOut(originalOut);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, printed);
        return printed;
    }

    @Test
    void anUnknownSyntheticSetIsAUsageError() throws Exception {
        assertEquals(2, ToolRunner.run(new Configuration(), new EvaluateTool(), new String[] {"--model", BUNDLE,
                "--synthetic", "5", "--synthetic-set", "tiny-things"}));
    }
}
