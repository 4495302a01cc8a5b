package dev.argus.jobs.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.zoo.eval.CocoMetrics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;
import org.junit.jupiter.api.Test;

/** {@code argus evaluate} on the small-object set, plain and sliced, with the committed shapes bundle. */
class EvaluateMultiScaleTest {

    private static final String BUNDLE = "../model-zoo/bundles/shapes-yolo-spp-fpn/1";

    @Test
    void slicedEvaluationRunsEveryTileAndScoresTheSmallObjectSet() throws Exception {
        PrintStream originalOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        EvaluateTool tool = new EvaluateTool();
        int rc;
        try {
            rc = ToolRunner.run(new Configuration(), tool, new String[] {"--model", BUNDLE, "--synthetic", "5",
                    "--synthetic-set", "small-objects", "--count", "2", "--batch-size", "2", "--slice", "128/0.2"});
        } finally {
            System.setOut(originalOut);
        }
        String printed = out.toString(StandardCharsets.UTF_8);

        assertEquals(0, rc, printed);
        CocoMetrics metrics = tool.lastMetrics();
        assertEquals(2, metrics.images());
        assertTrue(metrics.objects() >= 40 && metrics.objects() <= 80, "20-40 shapes per image: " + metrics.objects());
        assertTrue(printed.contains("synthetic small images of seed 5"), printed);
        assertTrue(printed.contains("model passes: 62 for 2 images (31.0 per image) in 8 model calls"), printed);
    }

    @Test
    void anUnknownSyntheticSetIsAUsageError() throws Exception {
        assertEquals(2, ToolRunner.run(new Configuration(), new EvaluateTool(), new String[] {"--model", BUNDLE,
                "--synthetic", "5", "--synthetic-set", "tiny-things"}));
    }
}
