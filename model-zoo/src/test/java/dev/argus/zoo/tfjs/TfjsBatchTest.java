package dev.argus.zoo.tfjs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Both real models were exported for batch 1; a batch of two photos must give, per photo, exactly
 * what each photo gives alone, including CenterNet's in-graph detections (computed per image).
 */
class TfjsBatchTest {

    @Test
    void nanoDetBatchOfTwoEqualsTwoSingleRuns() throws Exception {
        assertBatchEqualsSingles("nanodet", 416, 1f / 255, true);
    }

    @Test
    void centerNetBatchOfTwoEqualsTwoSingleRuns() throws Exception {
        assertBatchEqualsSingles("centernet", 512, 1f, false);
    }

    private static void assertBatchEqualsSingles(String name, int size, float scale, boolean nchw) throws Exception {
        try (TfjsGraphModel model = TfjsGraphModel.load(ReferenceModels.bundle(name).resolve("model.json"))) {
            INDArray a = ReferenceModels.tensor(ReferenceModels.sample("sample1"), size, scale, nchw);
            INDArray b = ReferenceModels.tensor(ReferenceModels.sample("sample2"), size, scale, nchw);
            Map<String, INDArray> both = model.run(Nd4j.concat(0, a, b));
            Map<String, INDArray> one = model.run(a);
            Map<String, INDArray> two = model.run(b);
            for (String output : model.outputNames()) {
                assertTrue(both.get(output).size(0) == 2, name + " " + output + " batch");
                assertTrue(both.get(output).slice(0).equalsWithEps(one.get(output).slice(0), 1e-3), name + " " + output + " photo 1");
                assertTrue(both.get(output).slice(1).equalsWithEps(two.get(output).slice(0), 1e-3), name + " " + output + " photo 2");
            }
        }
    }
}
