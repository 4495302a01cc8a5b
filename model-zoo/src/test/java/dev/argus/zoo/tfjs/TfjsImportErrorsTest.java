package dev.argus.zoo.tfjs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Small hand-written graph models: what the importer computes on them, and the clear errors it
 * gives for broken ones instead of a wrong graph or a stack trace from inside ND4J.
 */
class TfjsImportErrorsTest {

    @TempDir
    Path dir;

    /** y = Relu(x * w + b) over a [1, 2] input, with w stored as float16 and b as uint8 (scale 0.5, min -1). */
    private static final String TINY = """
            {"format": "graph-model",
             "modelTopology": {"node": [
               {"name": "x", "op": "Placeholder", "attr": {"dtype": {"type": "DT_FLOAT"},
                 "shape": {"shape": {"dim": [{"size": "1"}, {"size": "2"}]}}}},
               {"name": "w", "op": "Const", "attr": {"dtype": {"type": "DT_FLOAT"}}},
               {"name": "b", "op": "Const", "attr": {"dtype": {"type": "DT_FLOAT"}}},
               {"name": "mul", "op": "Mul", "input": ["x", "w"]},
               {"name": "add", "op": "AddV2", "input": ["mul", "b"]},
               {"name": "y", "op": "%s", "input": ["add"]}]},
             "signature": {"outputs": {"y:0": {"name": "y:0"}}},
             "weightsManifest": [{"paths": ["%s"], "weights": [
               {"name": "w", "shape": [2], "dtype": "float32", "quantization": {"dtype": "float16"}},
               {"name": "b", "shape": [2], "dtype": "float32", "quantization": {"dtype": "uint8", "scale": 0.5, "min": -1}}]}]}
            """;

    private Path write(String activation, String shard, boolean writeShard) throws Exception {
        Path json = dir.resolve("model.json");
        Files.writeString(json, TINY.formatted(activation, shard));
        if (writeShard) {
            ByteBuffer b = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN);
            b.putShort((short) 0x4000); // 2.0 in IEEE half
            b.putShort((short) 0xBC00); // -1.0
            b.put((byte) 4).put((byte) 0); // 4 * 0.5 - 1 = 1.0, 0 * 0.5 - 1 = -1.0
            Files.write(dir.resolve(shard), b.array());
        }
        return json;
    }

    @Test
    void dequantisesWeightsAndRunsTheGraph() throws Exception {
        try (TfjsGraphModel model = TfjsGraphModel.load(write("Relu", "w.bin", true))) {
            assertEquals("x", model.inputName());
            assertArrayEquals(new long[] {1, 2}, model.inputShape());
            assertEquals(List.of("y:0"), model.outputNames());
            INDArray y = model.run(Nd4j.createFromArray(new float[][] {{3, 5}, {-1, -2}})).get("y:0");
            // relu([3*2 + 1, 5*-1 - 1]) = [7, 0]; relu([-2 + 1, 2 - 1]) = [0, 1]: batch 2 on a batch-1 export
            assertEquals(Nd4j.createFromArray(new float[][] {{7, 0}, {0, 1}}), y);
        }
    }

    @Test
    void unsupportedOpIsNamedWithItsNode() throws Exception {
        TfjsImportException e = assertThrows(TfjsImportException.class,
                () -> TfjsGraphModel.load(write("Softplus", "w.bin", true)));
        assertTrue(e.getMessage().contains("'Softplus'") && e.getMessage().contains("node 'y'"), e.getMessage());
    }

    @Test
    void missingWeightShardIsNamed() throws Exception {
        TfjsImportException e = assertThrows(TfjsImportException.class,
                () -> TfjsGraphModel.load(write("Relu", "gone.bin", false)));
        assertTrue(e.getMessage().contains("'gone.bin'"), e.getMessage());
    }

    @Test
    void truncatedShardIsRefused() throws Exception {
        Path json = write("Relu", "w.bin", true);
        Files.write(dir.resolve("w.bin"), new byte[3]);
        TfjsImportException e = assertThrows(TfjsImportException.class, () -> TfjsGraphModel.load(json));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void shardEscapingTheModelDirectoryIsRefused() throws Exception {
        TfjsImportException e = assertThrows(TfjsImportException.class,
                () -> TfjsGraphModel.load(write("Relu", "../outside.bin", false)));
        assertTrue(e.getMessage().contains("'../outside.bin'"), e.getMessage());
    }

    @Test
    void missingModelFileIsNamed() {
        TfjsImportException e = assertThrows(TfjsImportException.class,
                () -> TfjsGraphModel.load(dir.resolve("nothing.json")));
        assertTrue(e.getMessage().contains("nothing.json") && e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void inputOfTheWrongSizeGetsAClearError() throws Exception {
        try (TfjsGraphModel model = TfjsGraphModel.load(write("Relu", "w.bin", true))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.run(Nd4j.create(DataType.FLOAT, 1, 3)));
            assertTrue(e.getMessage().contains("[1, 3]") && e.getMessage().contains("[1, 2]"), e.getMessage());
            IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                    () -> model.run(Nd4j.create(DataType.FLOAT, 1, 2), List.of("nope")));
            assertTrue(unknown.getMessage().contains("'nope'"), unknown.getMessage());
        }
    }
}
