package dev.argus.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.jobs.Argus;
import dev.argus.jobs.ConsoleCapture;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code argus train} and {@code argus evaluate} as a user runs them: a tiny real run, then its bundle scored. */
class TrainEvaluateCommandsTest {

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();
    private final ByteArrayOutputStream out = console.out;
    private final ByteArrayOutputStream err = console.err;

    private int argus(String... args) throws Exception {
        return Argus.run(new Configuration(), args, System.out, System.err);
    }

    @Test
    void trainWritesABundleThatEvaluateScoresOnSyntheticAndOnAnnotatedFiles(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        assertEquals(0, argus("train", "--run", run.toString(), "--head", "centernet", "--no-spp", "--input-size", "64",
                "--width", "4", "--batch-size", "4", "--iterations", "4", "--progress-every", "2", "--score-threshold", "0.01"),
                err.toString());
        assertTrue(out.toString().contains("iter 4/4"), out.toString());
        Path bundle = run.resolve("bundle");
        assertTrue(Files.isRegularFile(bundle.resolve("bundle.json")));
        assertTrue(Files.readString(bundle.resolve("bundle.json")).contains("\"name\" : \"shapes-centernet-fpn\""));

        assertEquals(0, argus("evaluate", "--model", bundle.toString(), "--synthetic", "99", "--count", "6",
                "--json", tmp.resolve("m.json").toString()), err.toString());
        assertTrue(out.toString().contains("AP @[IoU=0.50      | area=all]"), out.toString());
        assertTrue(out.toString().contains("images 6,"), out.toString());
        assertTrue(Files.readString(tmp.resolve("m.json")).contains("\"ap50\""));

        Path set = tmp.resolve("set");
        assertEquals(0, argus("synth", "--out", set.toString(), "--count", "5", "--seed", "3", "--spec", "shapes", "--format", "png"));
        assertEquals(0, argus("evaluate", "--model", bundle.toString(), "--data", set.toString()), err.toString());
        assertTrue(out.toString().contains("images 5,"), out.toString());
    }

    @Test
    void aDetrHeadStartsFromACenterNetBundleAndItsBundleIsEvaluated(@TempDir Path tmp) throws Exception {
        Path centernet = tmp.resolve("centernet");
        assertEquals(0, argus("train", "--run", centernet.toString(), "--head", "centernet", "--no-spp", "--input-size", "64",
                "--width", "4", "--batch-size", "4", "--iterations", "2"), err.toString());
        Path detr = tmp.resolve("detr");
        assertEquals(0, argus("train", "--run", detr.toString(), "--head", "detr", "--no-spp", "--input-size", "64",
                "--width", "4", "--batch-size", "4", "--iterations", "3", "--queries", "5", "--positions", "sine",
                "--query-kind", "anchored", "--attention", "plain", "--init-from", centernet.resolve("bundle").toString(), "--score-threshold", "0.01"),
                err.toString());
        // the backbone and the stride-8 FPN level come from the CenterNet bundle; only the transformer is new
        assertTrue(out.toString().contains("initialised 16 layers from"), out.toString());
        assertTrue(out.toString().contains("1 start fresh (detr_transformer)"), out.toString());
        assertFalse(out.toString().contains("Added differentiated op"), "SameDiff's per-op chatter is kept out of the log");
        String manifest = Files.readString(detr.resolve("bundle/bundle.json"));
        assertTrue(manifest.contains("\"name\" : \"shapes-detr-fpn-sine-anchored\"") && manifest.contains("\"type\" : \"detr\""), manifest);
        assertEquals(0, argus("evaluate", "--model", detr.resolve("bundle").toString(), "--synthetic", "99", "--count", "4"),
                err.toString());
        assertTrue(out.toString().contains("images 4,"), out.toString());

        assertEquals(1, argus("train", "--run", tmp.resolve("again").toString(), "--head", "detr", "--input-size", "64",
                "--width", "4", "--iterations", "1", "--init-from", tmp.resolve("nothing").toString()));
        assertTrue(err.toString().contains("nothing"), err.toString());
    }

    @Test
    void badOptionsAreUsageErrorsNamingTheOption(@TempDir Path tmp) throws Exception {
        assertEquals(2, argus("train", "--run", tmp.toString(), "--head", "ssd"));
        assertTrue(err.toString().contains("head must be yolo, yolo2, centernet or detr, got 'ssd'"), err.toString());
        assertEquals(2, argus("train", "--run", tmp.toString(), "--head", "detr", "--positions", "polar"));
        assertTrue(err.toString().contains("positions must be sine or rope, got 'polar'"), err.toString());
        assertEquals(2, argus("train", "--run", tmp.toString(), "--head", "detr", "--attention", "flash"));
        assertTrue(err.toString().contains("attention must be plain or tiled, got 'flash'"), err.toString());
        assertEquals(2, argus("train", "--run", tmp.toString(), "--head", "detr", "--query-kind", "random"));
        assertTrue(err.toString().contains("query-kind must be learned or anchored, got 'random'"), err.toString());
        assertEquals(2, argus("train", "--run", tmp.toString(), "--head", "detr", "--queries", "0"));
        assertTrue(err.toString().contains("at least 1 query"), err.toString());
        assertEquals(2, argus("train", "--run", tmp.toString(), "--input-size", "100"));
        assertTrue(err.toString().contains("multiple of 16"), err.toString());
        assertEquals(2, argus("evaluate", "--model", tmp.toString()));
        assertTrue(err.toString().contains("give exactly one of --data <dir> or --synthetic <seed>"), err.toString());
    }

    @Test
    void resumingARunThatNeverStartedFails(@TempDir Path tmp) throws Exception {
        assertEquals(1, argus("train", "--run", tmp.toString(), "--resume"));
        assertTrue(err.toString().contains("nothing to resume"), err.toString());
    }

    @Test
    void evaluatingSomethingThatIsNotABundleSaysWhy(@TempDir Path tmp) throws Exception {
        assertEquals(1, argus("evaluate", "--model", tmp.toString(), "--synthetic", "1"));
        assertTrue(err.toString().contains("bundle.json is missing"), err.toString());
    }
}
