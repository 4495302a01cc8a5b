package dev.argus.zoo.tfjs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a TF.js {@code model.json} of format {@code graph-model} holds: the GraphDef nodes
 * ({@code modelTopology.node}), the signature naming inputs and outputs, and the weights manifest.
 */
record ModelJson(Path file, List<GraphNode> nodes, Map<String, SignatureTensor> inputs,
                 Map<String, SignatureTensor> outputs, List<WeightGroup> weightGroups) {

    /** A signature entry: the tensor name ({@code "Identity:0"} or {@code "tower_0/wh"}) and its declared shape. */
    record SignatureTensor(String key, TensorRef tensor, long[] shape) {}

    /** One {@code weightsManifest} entry: shard files (read back to back) and the weights they hold, in order. */
    record WeightGroup(List<String> paths, List<WeightSpec> weights) {}

    /**
     * One weight. {@code quantization} is null for plain float32/int32 data, else its stored dtype
     * ({@code float16}, or {@code uint8}/{@code uint16} with affine {@code scale} and {@code min}).
     */
    record WeightSpec(String name, long[] shape, String dtype, String quantization, double scale, double min) {
        long elements() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    static ModelJson read(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new TfjsImportException("TF.js model file " + file + " does not exist");
        } catch (JsonProcessingException e) {
            throw new TfjsImportException("TF.js model file " + file + " is not valid JSON: " + e.getOriginalMessage());
        }
        String format = root.path("format").asText("graph-model");
        if (!"graph-model".equals(format)) {
            throw new TfjsImportException(file + " is a TF.js '" + format + "'; only 'graph-model' files can be imported");
        }
        JsonNode nodeArray = root.path("modelTopology").path("node");
        if (!nodeArray.isArray() || nodeArray.isEmpty()) {
            throw new TfjsImportException(file + " has no modelTopology.node list; is it a TF.js graph model?");
        }
        List<GraphNode> nodes = new ArrayList<>();
        for (JsonNode n : nodeArray) {
            String name = n.path("name").asText();
            List<TensorRef> inputs = new ArrayList<>();
            List<String> control = new ArrayList<>();
            for (JsonNode in : n.path("input")) {
                String s = in.asText();
                if (s.startsWith("^")) {
                    control.add(s.substring(1));
                } else {
                    inputs.add(TensorRef.parse(s));
                }
            }
            nodes.add(new GraphNode(name, n.path("op").asText(), List.copyOf(inputs), List.copyOf(control),
                    new NodeAttrs(n.get("attr"))));
        }
        JsonNode signature = root.path("signature");
        Map<String, SignatureTensor> inputs = signatureTensors(signature.path("inputs"));
        Map<String, SignatureTensor> outputs = signatureTensors(signature.path("outputs"));
        return new ModelJson(file, List.copyOf(nodes), inputs, outputs, weightGroups(root.path("weightsManifest"), file));
    }

    private static Map<String, SignatureTensor> signatureTensors(JsonNode entries) {
        Map<String, SignatureTensor> out = new LinkedHashMap<>();
        entries.fields().forEachRemaining(e -> {
            String tensorName = e.getValue().path("name").asText(e.getKey());
            out.put(e.getKey(), new SignatureTensor(e.getKey(), TensorRef.parse(tensorName),
                    dims(e.getValue().path("tensorShape").path("dim"))));
        });
        return out;
    }

    /** GraphDef {@code dim} lists: sizes are strings, {@code -1} (or absent) for unknown. */
    static long[] dims(JsonNode dim) {
        long[] shape = new long[dim.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = Long.parseLong(dim.get(i).path("size").asText("-1"));
        }
        return shape;
    }

    private static List<WeightGroup> weightGroups(JsonNode manifest, Path file) throws TfjsImportException {
        List<WeightGroup> groups = new ArrayList<>();
        for (JsonNode g : manifest) {
            List<String> paths = new ArrayList<>();
            g.path("paths").forEach(p -> paths.add(p.asText()));
            List<WeightSpec> weights = new ArrayList<>();
            for (JsonNode w : g.path("weights")) {
                long[] shape = new long[w.path("shape").size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = w.path("shape").get(i).asLong();
                }
                JsonNode q = w.get("quantization");
                String dtype = w.path("dtype").asText();
                if (!dtype.equals("float32") && !dtype.equals("int32") && !dtype.equals("bool")) {
                    throw new TfjsImportException(file + ": weight '" + w.path("name").asText()
                            + "' has dtype " + dtype + ", which the importer does not read (float32, int32, bool)");
                }
                weights.add(new WeightSpec(w.path("name").asText(), shape, dtype,
                        q == null ? null : q.path("dtype").asText(),
                        q == null ? 0 : q.path("scale").asDouble(0), q == null ? 0 : q.path("min").asDouble(0)));
            }
            groups.add(new WeightGroup(List.copyOf(paths), List.copyOf(weights)));
        }
        return List.copyOf(groups);
    }
}
