package dev.argus.zoo.tfjs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.argus.zoo.Prerequisite;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs scripts/tfjs-reference/reference.js (TensorFlow.js, wasm backend, in Node) on the same input
 * tensors Java feeds, and reads its outputs back. The fixtures are regenerated on every run rather
 * than committed, so they can never go stale against the bundles; node and npm are required.
 */
final class TfjsReference {

    private TfjsReference() {}

    /** Per input name, per output name, the TF.js output. */
    static Map<String, Map<String, INDArray>> run(Path bundleDir, Map<String, INDArray> inputs, Path workDir)
            throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        List<Map<String, Object>> listed = new ArrayList<>();
        for (Map.Entry<String, INDArray> e : inputs.entrySet()) {
            writeFloats(workDir.resolve(e.getKey() + ".f32"), e.getValue());
            listed.add(Map.of("name", e.getKey(), "shape", e.getValue().shape()));
        }
        ObjectMapper json = new ObjectMapper();
        json.writeValue(workDir.resolve("inputs.json").toFile(), Map.of("inputs", listed));

        Path script = ReferenceModels.repoRoot().resolve("scripts/tfjs-reference");
        installNodeModules(script);
        exec(script, List.of("node", "reference.js", "run", bundleDir.toAbsolutePath().toString(),
                workDir.toAbsolutePath().toString()), 600);

        JsonNode outputs = json.readTree(workDir.resolve("outputs.json").toFile());
        assertEquals("wasm", outputs.path("backend").asText(), "TF.js reference backend");
        Map<String, Map<String, INDArray>> result = new LinkedHashMap<>();
        for (JsonNode o : outputs.path("outputs")) {
            long[] shape = new long[o.path("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = o.path("shape").get(i).asLong();
            }
            INDArray value = readFloats(workDir.resolve(o.path("file").asText()), shape);
            result.computeIfAbsent(o.path("input").asText(), k -> new HashMap<>()).put(o.path("output").asText(), value);
        }
        return result;
    }

    static void installNodeModules(Path script) throws IOException, InterruptedException {
        if (!Files.isDirectory(script.resolve("node_modules/@tensorflow/tfjs-backend-wasm"))) {
            exec(script, List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), 300);
        }
    }

    static String exec(Path dir, List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Prerequisite.missing("node", "cannot start '" + String.join(" ", command)
                    + "': node and npm are needed for the TF.js reference (apt-get install -y nodejs npm)");
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("'" + String.join(" ", command) + "' took over " + timeoutSeconds + " s");
        }
        if (p.exitValue() != 0) {
            fail("'" + String.join(" ", command) + "' in " + dir + " exited " + p.exitValue() + ":\n" + out);
        }
        return out;
    }

    private static void writeFloats(Path file, INDArray a) throws IOException {
        float[] data = a.dup('c').data().asFloat();
        ByteBuffer b = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(data);
        Files.write(file, b.array());
    }

    private static INDArray readFloats(Path file, long[] shape) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] data = new float[b.remaining() / 4];
        b.asFloatBuffer().get(data);
        return Nd4j.create(data, shape);
    }
}
