package dev.argus.zoo.tfjs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    private Path write(String activation, String shard, boolean writeShard) throws Exception {
        return TinyTfjsGraph.write(dir, activation, shard, writeShard);
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
