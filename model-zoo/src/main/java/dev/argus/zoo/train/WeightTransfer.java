package dev.argus.zoo.train;

import dev.argus.zoo.network.NetworkEngines;
import dev.argus.zoo.network.ComputationGraphNetwork;
import dev.argus.zoo.bundle.BundleException;
import dev.argus.zoo.bundle.ModelBundle;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Starts a new network from a trained bundle: every layer whose name and parameter shapes match a layer
 * of the bundle's network takes its weights (the backbone and neck blocks share names across heads), the
 * rest keep their fresh initialisation. A new head then trains on features that already see shapes,
 * which is how a DETR head gets anywhere in minutes of CPU rather than days.
 */
final class WeightTransfer {

    private WeightTransfer() {
    }

    /** @return the names of the layers copied */
    static List<String> from(Path bundleDir, ComputationGraph target, PrintStream log) throws IOException {
        ComputationGraph source;
        try (ModelBundle bundle = ModelBundle.open(bundleDir)) {
            if (!NetworkEngines.DL4J_GRAPH.equals(bundle.manifest().architecture())) {
                throw new IOException("--init-from needs a " + NetworkEngines.DL4J_GRAPH + " bundle (as argus train writes), "
                        + bundle.describe() + " is " + bundle.manifest().architecture());
            }
            source = ComputationGraphNetwork.load(bundle.file(bundle.manifest().graph())).graph();
        } catch (BundleException e) {
            throw new IOException("--init-from: " + e.getMessage(), e);
        }
        List<String> copied = new ArrayList<>();
        List<String> fresh = new ArrayList<>();
        for (Layer layer : target.getLayers()) {
            String name = layer.conf().getLayer().getLayerName();
            if (layer.numParams() == 0) {
                continue;
            }
            Layer from = source.getConfiguration().getVertices().containsKey(name) ? source.getLayer(name) : null;
            if (from != null && sameShapes(from.paramTable(), layer.paramTable())) {
                layer.setParams(from.params().dup());
                copied.add(name);
            } else {
                fresh.add(name);
            }
        }
        source.close();
        if (copied.isEmpty()) {
            throw new IOException(bundleDir + " shares no layer (same name and shape) with the network to train");
        }
        log.printf(Locale.ROOT, "initialised %d layers from %s (%s); %s%n", copied.size(), bundleDir,
                String.join(", ", copied), fresh.isEmpty() ? "none start fresh"
                        : fresh.size() + " start fresh (" + String.join(", ", fresh) + ")");
        return copied;
    }

    private static boolean sameShapes(Map<String, INDArray> a, Map<String, INDArray> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (String k : a.keySet()) {
            if (!Arrays.equals(a.get(k).shape(), b.get(k).shape())) {
                return false;
            }
        }
        return true;
    }
}
