package dev.argus.zoo.tfjs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A hand-written TF.js graph model small enough to work out by hand: {@code y = Op(x * w + b)} over a
 * [1, 2] input, w = [2, -1] stored as float16 and b = [1, -1] as uint8 (scale 0.5, min -1), so loading
 * it also exercises dequantisation. With Relu, x = [[3, 5], [-1, -2]] gives [[7, 0], [0, 1]].
 */
public final class TinyTfjsGraph {

    private static final String MODEL_JSON = """
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

    private TinyTfjsGraph() {
    }

    /** Writes {@code model.json} (and its shard) into {@code dir} with {@code op} as the last node. */
    public static Path write(Path dir, String op) throws IOException {
        return write(dir, op, "w.bin", true);
    }

    /** As {@link #write(Path, String)}, naming the shard {@code shard} and leaving it unwritten if asked. */
    public static Path write(Path dir, String op, String shard, boolean writeShard) throws IOException {
        Path json = dir.resolve("model.json");
        Files.writeString(json, MODEL_JSON.formatted(op, shard));
        if (writeShard) {
            ByteBuffer b = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN);
            b.putShort((short) 0x4000); // 2.0 in IEEE half
            b.putShort((short) 0xBC00); // -1.0
            b.put((byte) 4).put((byte) 0); // 4 * 0.5 - 1 = 1.0, 0 * 0.5 - 1 = -1.0
            Files.write(dir.resolve(shard), b.array());
        }
        return json;
    }
}
