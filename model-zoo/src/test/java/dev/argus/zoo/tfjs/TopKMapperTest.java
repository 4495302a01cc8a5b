package dev.argus.zoo.tfjs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** TopKV2 on rows long enough for the two-stage path, against a plain sort, on a batch of rows. */
class TopKMapperTest {

    @TempDir
    Path dir;

    @Test
    void twoStageTopKMatchesASortOnEveryRow() throws Exception {
        int n = 40_000; // not a multiple of the chunk size, so the padding is exercised too
        int k = 7;
        Files.writeString(dir.resolve("model.json"), """
                {"format": "graph-model",
                 "modelTopology": {"node": [
                   {"name": "x", "op": "Placeholder", "attr": {"dtype": {"type": "DT_FLOAT"},
                     "shape": {"shape": {"dim": [{"size": "1"}, {"size": "%d"}]}}}},
                   {"name": "k", "op": "Const", "attr": {"dtype": {"type": "DT_INT32"}}},
                   {"name": "top", "op": "TopKV2", "input": ["x", "k"], "attr": {"sorted": {"b": true}}}]},
                 "signature": {"outputs": {"values": {"name": "top:0"}, "indices": {"name": "top:1"}}},
                 "weightsManifest": [{"paths": ["k.bin"], "weights": [{"name": "k", "shape": [], "dtype": "int32"}]}]}
                """.formatted(n));
        Files.write(dir.resolve("k.bin"), ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(k).array());

        Random random = new Random(7);
        float[][] rows = new float[3][n];
        for (float[] row : rows) {
            for (int i = 0; i < n; i++) {
                row[i] = random.nextFloat();
            }
        }
        try (TfjsGraphModel model = TfjsGraphModel.load(dir.resolve("model.json"))) {
            Map<String, INDArray> out = model.run(Nd4j.createFromArray(rows));
            assertArrayEquals(new long[] {3, k}, out.get("values").shape());
            for (int r = 0; r < rows.length; r++) {
                float[] row = rows[r];
                int[] want = IntStream.range(0, n).boxed()
                        .sorted(Comparator.comparingDouble((Integer i) -> row[i]).reversed())
                        .limit(k).mapToInt(Integer::intValue).toArray();
                int[] got = out.get("indices").getRow(r).toIntVector();
                assertArrayEquals(want, got, "row " + r);
                for (int j = 0; j < k; j++) {
                    assertEquals(row[want[j]], out.get("values").getFloat(r, j), "row " + r + " value " + j);
                }
            }
        }
    }
}
