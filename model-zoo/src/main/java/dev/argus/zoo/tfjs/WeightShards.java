package dev.argus.zoo.tfjs;

import dev.argus.zoo.tfjs.ModelJson.WeightGroup;
import dev.argus.zoo.tfjs.ModelJson.WeightSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads the weight shards a {@code weightsManifest} names and turns every weight into an ND4J array:
 * float32 and int32 as stored, float16 widened to float32, uint8/uint16 dequantised as
 * {@code q * scale + min}. Shards of one group are one byte stream, cut into weights in manifest order.
 */
final class WeightShards {

    private WeightShards() {}

    static Map<String, INDArray> read(ModelJson model) throws IOException {
        Map<String, INDArray> weights = new LinkedHashMap<>();
        Path dir = model.file().toAbsolutePath().getParent();
        for (WeightGroup group : model.weightGroups()) {
            ByteBuffer bytes = concatenate(dir, group, model.file());
            for (WeightSpec w : group.weights()) {
                long need = w.elements() * bytesPerElement(w);
                if (bytes.remaining() < need) {
                    throw new TfjsImportException("weight shards " + group.paths() + " of " + model.file()
                            + " end before weight '" + w.name() + "' (" + need + " bytes needed, "
                            + bytes.remaining() + " left); a shard is truncated or belongs to another model");
                }
                ByteBuffer slice = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
                slice.limit((int) need);
                bytes.position(bytes.position() + (int) need);
                weights.put(w.name(), decode(w, slice));
            }
            if (bytes.hasRemaining()) {
                throw new TfjsImportException("weight shards " + group.paths() + " of " + model.file() + " hold "
                        + bytes.remaining() + " bytes more than the manifest describes");
            }
        }
        return weights;
    }

    private static ByteBuffer concatenate(Path dir, WeightGroup group, Path modelFile) throws IOException {
        byte[][] shards = new byte[group.paths().size()][];
        int total = 0;
        for (int i = 0; i < shards.length; i++) {
            Path shard = dir.resolve(group.paths().get(i)).normalize();
            if (!shard.startsWith(dir) || !Files.isRegularFile(shard)) {
                throw new TfjsImportException(modelFile + " names weight shard '" + group.paths().get(i)
                        + "', but " + shard + " is not a file next to it");
            }
            shards[i] = Files.readAllBytes(shard);
            total += shards[i].length;
        }
        ByteBuffer all = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        for (byte[] s : shards) {
            all.put(s);
        }
        return all.flip();
    }

    private static int bytesPerElement(WeightSpec w) throws TfjsImportException {
        if (w.quantization() == null) {
            return w.dtype().equals("bool") ? 1 : 4;
        }
        return switch (w.quantization()) {
            case "uint8" -> 1;
            case "uint16", "float16" -> 2;
            default -> throw new TfjsImportException("weight '" + w.name() + "' uses quantization dtype '"
                    + w.quantization() + "', which the importer does not read (uint8, uint16, float16)");
        };
    }

    private static INDArray decode(WeightSpec w, ByteBuffer b) {
        int n = (int) w.elements();
        long[] shape = w.shape();
        if (w.quantization() == null) {
            return switch (w.dtype()) {
                case "int32" -> {
                    int[] v = new int[n];
                    b.asIntBuffer().get(v);
                    yield Nd4j.createFromArray(v).reshape(shape);
                }
                case "bool" -> {
                    boolean[] v = new boolean[n];
                    for (int i = 0; i < n; i++) {
                        v[i] = b.get(i) != 0;
                    }
                    yield Nd4j.createFromArray(v).reshape(shape);
                }
                default -> {
                    float[] v = new float[n];
                    b.asFloatBuffer().get(v);
                    yield Nd4j.createFromArray(v).reshape(shape);
                }
            };
        }
        float[] v = new float[n];
        switch (w.quantization()) {
            case "float16" -> {
                // The raw bits go into an ND4J HALF buffer, whose cast does the IEEE half -> float widening.
                INDArray half = Nd4j.create(DataType.HALF, n);
                half.data().asNio().order(ByteOrder.nativeOrder()).asShortBuffer().put(b.asShortBuffer());
                return half.castTo(DataType.FLOAT).reshape(shape);
            }
            case "uint8" -> {
                for (int i = 0; i < n; i++) {
                    v[i] = (float) ((b.get(i) & 0xFF) * w.scale() + w.min());
                }
            }
            default -> { // uint16
                for (int i = 0; i < n; i++) {
                    v[i] = (float) ((b.getShort(2 * i) & 0xFFFF) * w.scale() + w.min());
                }
            }
        }
        INDArray out = Nd4j.createFromArray(v).reshape(shape);
        return w.dtype().equals("int32") ? out.castTo(DataType.INT32) : out;
    }
}
