package dev.argus.zoo.multiscale;

import dev.argus.zoo.Detection;
import dev.argus.zoo.Detector;
import dev.argus.zoo.network.EngineChoice;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Any {@link Detector} run at more than one scale per image, for objects too small for the model's
 * input: an image pyramid (overlapping windows at each zoom level) and/or slicing (fixed-size tiles in
 * original pixels, plus a whole-image pass), every tile of every image in the call packed into batches
 * for the wrapped model, and the results merged back into one list per image (see {@link BoxMerger}).
 *
 * <pre>
 * images ─► TilePlan per image size (capped) ─► TileBatcher: crops in batches ─► wrapped detector
 *        ◄─ BoxMerger per image ◄─ boxes shifted back to image pixels ◄────────────┘
 * </pre>
 *
 * <p>The first image of each size logs how many model passes it costs. Not thread-safe, like the detector
 * it wraps; closing it closes the wrapped detector.
 */
public final class MultiScaleDetector implements Detector {

    /** Detections kept per image after merging. */
    static final int MAX_DETECTIONS = 300;

    private static final System.Logger LOG = System.getLogger(MultiScaleDetector.class.getName());

    private final Detector inner;
    private final MultiScaleSpec spec;
    private final int tileBatch;
    private final TileBatcher batcher;
    private final BoxMerger merger;
    private final Map<Long, TilePlan> plans = new HashMap<>();
    private long images;
    private long passes;

    public MultiScaleDetector(Detector inner, MultiScaleSpec spec) {
        this(inner, spec, DEFAULT_BATCH_SIZE);
    }

    /** {@code tileBatch}: tiles per call to {@code inner}, packed across the images of a call. */
    public MultiScaleDetector(Detector inner, MultiScaleSpec spec, int tileBatch) {
        this.inner = inner;
        this.tileBatch = tileBatch;
        this.spec = spec;
        this.batcher = new TileBatcher(inner, tileBatch);
        this.merger = new BoxMerger(spec.merge(), spec.mergeThreshold(), MAX_DETECTIONS);
    }

    @Override
    public List<List<Detection>> detect(List<BufferedImage> batch) {
        List<TilePlan> imagePlans = new ArrayList<>(batch.size());
        for (BufferedImage image : batch) {
            TilePlan plan = planFor(image.getWidth(), image.getHeight());
            imagePlans.add(plan);
            passes += plan.passes();
        }
        images += batch.size();
        List<List<TileDetections>> found = batcher.run(batch, imagePlans);
        List<List<Detection>> out = new ArrayList<>(batch.size());
        for (List<TileDetections> perImage : found) {
            out.add(merger.merge(perImage));
        }
        return out;
    }

    /** The passes an image of this size costs; planned once per size. */
    public TilePlan planFor(int width, int height) {
        return plans.computeIfAbsent(((long) width << 32) | height, k -> {
            TilePlan plan = TilePlan.of(width, height, spec);
            LOG.log(System.Logger.Level.INFO, "multiscale ({0}): a {1}x{2} image costs {3} model passes ({4})",
                    spec, String.valueOf(width), String.valueOf(height), String.valueOf(plan.passes()),
                    plan.description());
            return plan;
        });
    }

    public MultiScaleSpec spec() {
        return spec;
    }

    @Override
    public Optional<EngineChoice> engine() {
        return inner.engine();
    }

    /** Tiles per call to the wrapped detector. */
    public int tileBatch() {
        return tileBatch;
    }

    public Detector inner() {
        return inner;
    }

    /** Images detected so far. */
    public long images() {
        return images;
    }

    /** Model passes (tiles) run so far, over all images. */
    public long passes() {
        return passes;
    }

    /** Calls made to the wrapped detector so far (each holds up to the tile batch size of passes). */
    public long modelCalls() {
        return batcher.calls();
    }

    @Override
    public List<String> labels() {
        return inner.labels();
    }

    @Override
    public void close() {
        inner.close();
    }
}
