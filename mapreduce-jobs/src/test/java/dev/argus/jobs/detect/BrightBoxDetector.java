package dev.argus.jobs.detect;

import dev.argus.jobs.detect.model.DetectorLoader;
import dev.argus.layout.ArgusLayout;
import dev.argus.zoo.Detection;
import dev.argus.zoo.Detector;
import dev.argus.zoo.bundle.BundleManifest;
import dev.argus.zoo.bundle.BundleWriter;
import dev.argus.zoo.bundle.DecoderSpec;
import dev.argus.zoo.bundle.InputSpec;
import dev.argus.zoo.bundle.ModelBundle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * A small, exact detector for tests of the job's plumbing: it finds the bounding box of the bright
 * pixels of an image and calls it "person" when they are mostly white and "dog" when mostly green.
 * Its bundle is a real, checksummed model bundle whose graph file holds the brightness threshold.
 */
public final class BrightBoxDetector implements Detector {

    static final List<String> LABELS = List.of("person", "dog");

    private final int threshold;

    BrightBoxDetector(int threshold) {
        this.threshold = threshold;
    }

    /**
     * Makes {@code conf}'s detect jobs load this detector and writes its bundle as model brightbox:1 of
     * {@code layout}; {@code salt} as in {@link #writeBundle}.
     */
    public static void install(Configuration conf, ArgusLayout layout, String salt) throws IOException {
        conf.setClass(DetectConfig.LOADER.key(), Loader.class, DetectorLoader.class);
        writeBundle(Path.of(layout.model("brightbox", "1").toUri()), "1", salt);
    }

    /** Writes a bundle for this detector into {@code dir}; {@code salt} makes its content (and cache key) unique. */
    public static Path writeBundle(Path dir, String version, String salt) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("threshold.txt"), "128\n# " + salt + "\n");
        BundleManifest manifest = new BundleManifest(BundleManifest.FORMAT, "brightbox", version, "test-bright-box",
                "threshold.txt", new InputSpec(64, 64, InputSpec.Layout.NHWC, "RGB", InputSpec.Resize.STRETCH, 0f),
                null, LABELS, new DecoderSpec("none", Map.of()), Map.of());
        BundleWriter.writeManifest(dir, manifest).close();
        return dir;
    }

    @Override
    public List<List<Detection>> detect(List<BufferedImage> images) {
        List<List<Detection>> out = new ArrayList<>(images.size());
        for (BufferedImage image : images) {
            out.add(detectOne(image));
        }
        return out;
    }

    private List<Detection> detectOne(BufferedImage image) {
        int x1 = Integer.MAX_VALUE, y1 = Integer.MAX_VALUE, x2 = -1, y2 = -1;
        long green = 0, white = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF, g = (rgb >> 8) & 0xFF, b = rgb & 0xFF;
                if (Math.max(r, Math.max(g, b)) > threshold) {
                    x1 = Math.min(x1, x);
                    y1 = Math.min(y1, y);
                    x2 = Math.max(x2, x);
                    y2 = Math.max(y2, y);
                    if (g > threshold && r < threshold && b < threshold) {
                        green++;
                    } else {
                        white++;
                    }
                }
            }
        }
        if (x2 < 0) {
            return List.of();
        }
        int cls = green > white ? 1 : 0;
        return List.of(new Detection(cls, LABELS.get(cls), 0.9f, x1, y1, x2 + 1, y2 + 1));
    }

    @Override
    public List<String> labels() {
        return LABELS;
    }

    @Override
    public void close() {
    }

    /** Loads the detector from its bundle. */
    public static final class Loader implements DetectorLoader {
        @Override
        public Detector load(ModelBundle bundle, Configuration conf) throws IOException {
            if (!bundle.manifest().architecture().equals("test-bright-box")) {
                throw new IOException("not a bright-box bundle: " + bundle.describe());
            }
            String first = Files.readAllLines(bundle.file(bundle.manifest().graph())).get(0).trim();
            return new BrightBoxDetector(Integer.parseInt(first));
        }
    }
}
