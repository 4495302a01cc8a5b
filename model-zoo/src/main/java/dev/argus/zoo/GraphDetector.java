package dev.argus.zoo;

import dev.argus.zoo.network.EngineChoice;
import dev.argus.zoo.network.Network;
import dev.argus.zoo.bundle.BundleException;
import dev.argus.zoo.bundle.InputSpec;
import dev.argus.zoo.postprocess.OutputDecoder;
import dev.argus.zoo.preprocess.BoxMapping;
import dev.argus.zoo.preprocess.EncodedBatch;
import dev.argus.zoo.preprocess.InputEncoder;
import dev.argus.zoo.preprocess.NativeInputEncoder;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A {@link Detector} made of three separable parts, in the spirit of DJL's model/translator split:
 * an {@link InputEncoder} (letterbox or stretch, normalisation, layout), a {@link Network}, and an
 * {@link OutputDecoder}. A batch is encoded into one tensor and run at once — in chunks when the network
 * declares a fixed batch size — then each image's boxes are mapped back to its own pixels. Encoded
 * images ({@link #newBatch}) skip the picture: a {@link NativeInputEncoder} decodes them straight into
 * the input tensor.
 */
public final class GraphDetector implements Detector {

    private final String name;
    private final Network network;
    private final InputEncoder encoder;
    private final OutputDecoder decoder;
    private final List<String> labels;
    private final int maxBatch;
    private NativeInputEncoder nativeEncoder;
    private final EngineChoice engine;

    /**
     * @throws BundleException when the network's declared input disagrees with {@code encoder}'s spec
     */
    public GraphDetector(String name, Network network, InputEncoder encoder, OutputDecoder decoder, List<String> labels) {
        this(name, network, encoder, decoder, labels, new EngineChoice(network.engine(), "given"));
    }

    /**
     * @param engine the engine running {@code network} and why, as {@link Detectors} chose it
     * @throws BundleException when the network's declared input disagrees with {@code encoder}'s spec
     */
    public GraphDetector(String name, Network network, InputEncoder encoder, OutputDecoder decoder, List<String> labels,
                         EngineChoice engine) {
        this.engine = engine;
        this.name = name;
        this.network = network;
        this.encoder = encoder;
        this.decoder = decoder;
        this.labels = List.copyOf(labels);
        this.maxBatch = checkInput(name, network, encoder.spec());
    }

    @Override
    public List<List<Detection>> detect(List<BufferedImage> images) {
        List<List<Detection>> out = new ArrayList<>(images.size());
        for (int from = 0; from < images.size(); from += maxBatch) {
            out.addAll(run(encoder.encode(images.subList(from, Math.min(images.size(), from + maxBatch)))));
        }
        return out;
    }

    /**
     * A batch whose images are decoded natively straight into the network's input tensor
     * ({@link NativeInputEncoder}, which picks its own reduced scale from the input size).
     */
    @Override
    public ImageBatch newBatch(int capacity, int minWidth, int minHeight) {
        return new NativeImageBatch(this, nativeEncoder(), capacity);
    }

    /** Runs an encoded batch, in chunks of at most {@link #maxBatch} images. */
    List<List<Detection>> detect(EncodedBatch batch) {
        if (batch.size() <= maxBatch) {
            return run(batch);
        }
        List<List<Detection>> out = new ArrayList<>(batch.size());
        for (int from = 0; from < batch.size(); from += maxBatch) {
            int to = Math.min(batch.size(), from + maxBatch);
            out.addAll(run(new EncodedBatch(batch.input().get(NDArrayIndex.interval(from, to)),
                    batch.mappings().subList(from, to))));
        }
        return out;
    }

    private synchronized NativeInputEncoder nativeEncoder() {
        if (nativeEncoder == null) { // OpenCV and Leptonica load on first use only
            nativeEncoder = new NativeInputEncoder(encoder.spec(), encoder.normalization());
        }
        return nativeEncoder;
    }

    private List<List<Detection>> run(EncodedBatch batch) {
        int images = batch.size();
        Map<String, INDArray> outputs;
        try {
            outputs = network.run(batch.input(), decoder.requiredOutputs());
        } catch (RuntimeException e) {
            throw new DetectionException(name + ": the network failed on a batch of " + images
                    + " image(s), input shape " + Arrays.toString(batch.input().shape()) + ": " + e.getMessage(), e);
        }
        List<CandidateBoxes> decoded = decoder.decode(outputs);
        if (decoded.size() != images) {
            throw new DetectionException(name + ": the decoder returned " + decoded.size() + " results for "
                    + images + " images", null);
        }
        List<List<Detection>> out = new ArrayList<>(images);
        for (int i = 0; i < images; i++) {
            out.add(toImage(decoded.get(i), batch.mappings().get(i)));
        }
        return out;
    }

    private List<Detection> toImage(CandidateBoxes boxes, BoxMapping mapping) {
        List<Detection> found = new ArrayList<>(boxes.size());
        for (int i = 0; i < boxes.size(); i++) {
            float x1 = mapping.toImageX(boxes.x1(i));
            float y1 = mapping.toImageY(boxes.y1(i));
            float x2 = mapping.toImageX(boxes.x2(i));
            float y2 = mapping.toImageY(boxes.y2(i));
            if (x2 > x1 && y2 > y1) { // a box wholly in the letterbox padding has nothing left after clamping
                int cls = boxes.classId(i);
                found.add(new Detection(cls, labels.get(cls), boxes.score(i), x1, y1, x2, y2));
            }
        }
        return found;
    }

    @Override
    public List<String> labels() {
        return labels;
    }

    @Override
    public java.util.Optional<EngineChoice> engine() {
        return java.util.Optional.of(engine);
    }

    public String name() {
        return name;
    }

    /** How many images one network call takes at most: the declared batch size, or unbounded. */
    public int maxBatch() {
        return maxBatch;
    }

    @Override
    public void close() {
        network.close();
    }

    private static int checkInput(String name, Network network, InputSpec spec) {
        long[] shape = network.inputShape();
        long[] expected = spec.channelsFirst()
                ? new long[]{-1, 3, spec.height(), spec.width()}
                : new long[]{-1, spec.height(), spec.width(), 3};
        boolean fits = shape.length == 4;
        for (int d = 1; fits && d < 4; d++) {
            fits = shape[d] < 0 || shape[d] == expected[d];
        }
        if (!fits) {
            throw new BundleException(name + ": the network's input '" + network.inputName() + "' has shape "
                    + Arrays.toString(shape) + " but the manifest says " + spec.width() + "x" + spec.height() + " "
                    + spec.layout() + " with 3 channels, i.e. " + Arrays.toString(expected).replace("-1", "n"));
        }
        return shape[0] > 0 ? (int) Math.min(shape[0], Integer.MAX_VALUE) : Integer.MAX_VALUE;
    }
}
