package dev.argus.zoo.tfjs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The importer cancels transposes by running element-wise ops, bias adds, pads and concats on the
 * stored layout. On an ONNX-style chain (NCHW -> NHWC, bias, LeakyRelu, Pad, concat, back to NCHW)
 * the outputs, both mid-chain and at the end, equal the same steps done one by one in ND4J.
 */
class LayoutTrackingTest {

    @TempDir
    Path dir;

    @Test
    void transposedChainGivesTheTfResult() throws Exception {
        Files.writeString(dir.resolve("model.json"), """
                {"format": "graph-model",
                 "modelTopology": {"node": [
                   {"name": "x", "op": "Placeholder", "attr": {"dtype": {"type": "DT_FLOAT"},
                     "shape": {"shape": {"dim": [{"size": "1"}, {"size": "2"}, {"size": "3"}, {"size": "4"}]}}}},
                   {"name": "to_nhwc", "op": "Const"}, {"name": "to_nchw", "op": "Const"},
                   {"name": "bias", "op": "Const"}, {"name": "pads", "op": "Const"}, {"name": "axis", "op": "Const"},
                   {"name": "t", "op": "Transpose", "input": ["x", "to_nhwc"]},
                   {"name": "biased", "op": "Add", "input": ["t", "bias"]},
                   {"name": "act", "op": "LeakyRelu", "input": ["biased"], "attr": {"alpha": {"f": 0.1}}},
                   {"name": "padded", "op": "Pad", "input": ["act", "pads"]},
                   {"name": "joined", "op": "ConcatV2", "input": ["padded", "padded", "axis"]},
                   {"name": "y", "op": "Transpose", "input": ["joined", "to_nchw"]}]},
                 "signature": {"outputs": {"mid": {"name": "biased"}, "y": {"name": "y"}}},
                 "weightsManifest": [{"paths": ["w.bin"], "weights": [
                   {"name": "to_nhwc", "shape": [4], "dtype": "int32"},
                   {"name": "to_nchw", "shape": [4], "dtype": "int32"},
                   {"name": "bias", "shape": [2], "dtype": "float32"},
                   {"name": "pads", "shape": [4, 2], "dtype": "int32"},
                   {"name": "axis", "shape": [], "dtype": "int32"}]}]}
                """);
        ByteBuffer w = ByteBuffer.allocate(4 * (4 + 4 + 2 + 8 + 1)).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : new int[] {0, 2, 3, 1, 0, 3, 1, 2}) {
            w.putInt(v);
        }
        w.putFloat(0.5f).putFloat(-3f);
        for (int v : new int[] {0, 0, 1, 0, 0, 2, 0, 0}) { // pad H by 1 before, W by 2 after (NHWC axes)
            w.putInt(v);
        }
        w.putInt(-1); // concat along channels, the last NHWC axis
        Files.write(dir.resolve("w.bin"), w.array());

        INDArray x = Nd4j.linspace(-5, 5, 24, DataType.FLOAT).reshape(1, 2, 3, 4);
        INDArray t = x.permute(0, 2, 3, 1);
        INDArray biased = t.add(Nd4j.createFromArray(0.5f, -3f).reshape(1, 1, 1, 2));
        INDArray act = Transforms.leakyRelu(biased, 0.1, true);
        INDArray padded = Nd4j.pad(act, new int[][] {{0, 0}, {1, 0}, {0, 2}, {0, 0}});
        INDArray expected = Nd4j.concat(3, padded, padded).permute(0, 3, 1, 2);

        try (TfjsGraphModel model = TfjsGraphModel.load(dir.resolve("model.json"))) {
            Map<String, INDArray> out = model.run(x);
            assertArrayEquals(new long[] {1, 3, 4, 2}, out.get("mid").shape());
            assertTrue(out.get("mid").equalsWithEps(biased, 1e-6), "mid-chain output " + out.get("mid"));
            assertArrayEquals(new long[] {1, 4, 4, 6}, out.get("y").shape());
            assertTrue(out.get("y").equalsWithEps(expected, 1e-6), "chain output " + out.get("y"));
        }
    }
}
