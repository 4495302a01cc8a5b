package dev.argus.jobs.detect.model;

import dev.argus.jobs.detect.DetectConfig;
import dev.argus.jobs.partition.ModelLoadException;
import dev.argus.zoo.DecodedImageBatch;
import dev.argus.zoo.Detection;
import dev.argus.zoo.Detector;
import dev.argus.zoo.ForwardingImageBatch;
import dev.argus.zoo.ImageBatch;
import dev.argus.zoo.bundle.InputSpec;
import dev.argus.zoo.bundle.ManifestCodec;
import dev.argus.zoo.bundle.ModelBundle;
import dev.argus.zoo.multiscale.MultiScaleDetector;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;

/**
 * The models loaded in this JVM, one per bundle content. Loading a network takes seconds and
 * hundreds of MB, so a task JVM that runs several map tasks (JVM reuse, or the LocalJobRunner running
 * every task in one JVM) must not load it again for each: the first task loads, the rest reuse.
 *
 * <p>The key is the SHA-256 of the bundle's {@code bundle.json} (which records the SHA-256 of every
 * other file, so equal manifests mean equal bundles, wherever the cache localised them) plus the
 * loader class and the settings it loads with (precision, multi-scale options, batch size). Loaded detectors live as long as the JVM; a task JVM exits when its work is done.
 */
public final class LoadedDetectors {

    /**
     * A detector this JVM holds, and whether this call was the one that loaded it.
     *
     * @param input the smallest size an image may be decoded at (the network's input), or null when images
     *              must be decoded in full: a multi-scale detector cuts its tiles in original pixels, so an
     *              image decoded at 1/s of its size would give tiles covering s&sup2; times the scene meant
     */
    public record Loaded(Detector detector, InputSpec input, boolean justLoaded) {

        /** Network passes (tiles, with multi-scale) the calling thread has run on this detector so far. */
        public long passesOnThisThread() {
            return detector instanceof SharedDetector shared ? shared.passesOnThisThread() : 0;
        }
    }

    private record Held(Detector detector, InputSpec input) {
    }

    private static final Map<String, Held> LOADED = new ConcurrentHashMap<>();

    private LoadedDetectors() {
    }

    public static Loaded obtain(Path bundleDir, Configuration conf) throws ModelLoadException {
        String key = contentKey(bundleDir) + "/" + DetectConfig.loaderClass(conf).getName() + "/"
                + DetectConfig.PRECISION.get(conf) + "/" + DetectConfig.multiScale(conf)
                + "/" + DetectConfig.BATCH_SIZE.getInt(conf)
                + "/" + DetectConfig.engineOptions(conf, 1).engine() + "/" + conf.getInt(DetectConfig.GPUS, 0)
                + "/" + DetectConfig.TENSORRT.getBoolean(conf);
        boolean[] loadedNow = {false};
        try {
            Held held = LOADED.computeIfAbsent(key, k -> {
                loadedNow[0] = true;
                return load(bundleDir, conf);
            });
            return new Loaded(held.detector(), held.input(), loadedNow[0]);
        } catch (UncheckedLoadFailure e) {
            throw e.failure;
        }
    }

    private static Held load(Path bundleDir, Configuration conf) {
        ModelBundle bundle;
        try {
            bundle = ModelBundle.open(ChecksumSidecars.without(bundleDir));
        } catch (IOException | RuntimeException e) {
            throw new UncheckedLoadFailure(new ModelLoadException("model bundle " + bundleDir
                    + " is not usable: " + e.getMessage(), e));
        }
        try (bundle) {
            DetectorLoader loader = DetectConfig.loaderClass(conf).getDeclaredConstructor().newInstance();
            Detector detector = loader.load(bundle, conf);
            InputSpec reducibleTo = detector instanceof MultiScaleDetector ? null : bundle.manifest().input();
            return new Held(new SharedDetector(detector), reducibleTo);
        } catch (Exception | LinkageError e) {
            // LinkageError: a native backend (ND4J) that cannot load on this node
            throw new UncheckedLoadFailure(new ModelLoadException("cannot load model " + bundle.describe()
                    + ": " + e, e));
        }
    }

    private static String contentKey(Path bundleDir) throws ModelLoadException {
        Path manifest = bundleDir.resolve(ManifestCodec.FILE_NAME);
        try {
            byte[] bytes = Files.readAllBytes(manifest);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (IOException e) {
            throw new ModelLoadException("model bundle " + bundleDir + " has no readable " + ManifestCodec.FILE_NAME + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** Carries a checked load failure out of {@code computeIfAbsent}. */
    private static final class UncheckedLoadFailure extends RuntimeException {
        final ModelLoadException failure;

        UncheckedLoadFailure(ModelLoadException failure) {
            super(failure);
            this.failure = failure;
        }
    }

    /**
     * One detector used by several tasks of the same JVM: network calls are serialised (a Detector need not
     * be thread-safe, and the tasks share the same cores anyway), and closing is left to the JVM's exit.
     * Each thread's network passes are counted apart, so that concurrent tasks each count their own.
     */
    private static final class SharedDetector implements Detector {
        private final Detector delegate;
        private final ThreadLocal<long[]> passes = ThreadLocal.withInitial(() -> new long[1]);

        SharedDetector(Detector delegate) {
            this.delegate = delegate;
        }

        @Override
        public synchronized List<List<Detection>> detect(List<BufferedImage> images) {
            long before = totalPasses();
            List<List<Detection>> found = delegate.detect(images);
            passes.get()[0] += delegate instanceof MultiScaleDetector ? totalPasses() - before : images.size();
            return found;
        }

        /**
         * The delegate's own batches, so that a detector that decodes natively into its input tensor
         * ({@code GraphDetector}) still does when shared: the puts run on the decode threads as they would
         * unshared, and only the network call is serialised.
         */
        @Override
        public ImageBatch newBatch(int capacity, int minWidth, int minHeight) {
            ImageBatch batch = delegate.newBatch(capacity, minWidth, minHeight);
            if (batch instanceof DecodedImageBatch) {
                // pictures: its detect calls the delegate directly; route it through this one instead
                return new DecodedImageBatch(this, capacity, minWidth, minHeight);
            }
            return new ForwardingImageBatch(batch) {
                @Override
                public List<List<Detection>> detect(int[] slots) {
                    synchronized (SharedDetector.this) {
                        List<List<Detection>> found = super.detect(slots);
                        passes.get()[0] += slots.length;
                        return found;
                    }
                }
            };
        }

        long passesOnThisThread() {
            return passes.get()[0];
        }

        private long totalPasses() {
            return delegate instanceof MultiScaleDetector multi ? multi.passes() : 0;
        }

        @Override
        public List<String> labels() {
            return delegate.labels();
        }

        @Override
        public java.util.Optional<dev.argus.zoo.network.EngineChoice> engine() {
            return delegate.engine();
        }

        @Override
        public void close() {
            // shared by every task of this JVM
        }
    }
}
