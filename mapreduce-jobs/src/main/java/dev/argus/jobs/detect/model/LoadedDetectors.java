package dev.argus.jobs.detect.model;

import dev.argus.jobs.detect.DetectConfig;
import dev.argus.jobs.partition.ModelLoadException;
import dev.argus.zoo.Detection;
import dev.argus.zoo.Detector;
import dev.argus.zoo.ImageBatch;
import dev.argus.zoo.bundle.InputSpec;
import dev.argus.zoo.bundle.ManifestCodec;
import dev.argus.zoo.bundle.ModelBundle;
import dev.argus.zoo.preprocess.EncodedImage;
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

    /** A detector this JVM holds, its network's input size, and whether this call was the one that loaded it. */
    public record Loaded(Detector detector, InputSpec input, boolean justLoaded) {
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
            return new Held(new SharedDetector(loader.load(bundle, conf)), bundle.manifest().input());
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
     * One detector used by several tasks of the same JVM: calls are serialised (a Detector need not be
     * thread-safe, and the tasks share the same cores anyway), and closing is left to the JVM's exit.
     */
    private static final class SharedDetector implements Detector {
        private final Detector delegate;

        SharedDetector(Detector delegate) {
            this.delegate = delegate;
        }

        @Override
        public synchronized List<List<Detection>> detect(List<BufferedImage> images) {
            return delegate.detect(images);
        }

        /**
         * The delegate's own batch, so that images are decoded natively where it can (decoding stays
         * parallel; running the network is serialised like {@link #detect}).
         */
        @Override
        public ImageBatch newBatch(int capacity, int minWidth, int minHeight) {
            ImageBatch batch = delegate.newBatch(capacity, minWidth, minHeight);
            return new ImageBatch() {
                @Override
                public int capacity() {
                    return batch.capacity();
                }

                @Override
                public void put(int slot, EncodedImage image) {
                    batch.put(slot, image);
                }

                @Override
                public List<List<Detection>> detect(int[] slots) {
                    synchronized (SharedDetector.this) {
                        return batch.detect(slots);
                    }
                }

                @Override
                public void close() {
                    batch.close();
                }
            };
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
