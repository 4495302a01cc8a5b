package dev.argus.jobs.detect;

import dev.argus.jobs.detect.model.ZooDetectorLoader;
import dev.argus.jobs.detect.model.DetectorLoader;
import dev.argus.zoo.Detection;
import dev.argus.zoo.Detector;
import dev.argus.zoo.bundle.ModelBundle;
import java.awt.image.BufferedImage;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * Puts a fault in front of a real detector, for tests: the model "throws" on any batch holding an
 * image exactly {@link #FAIL_WIDTH} pixels wide, as a network does on input it cannot take. The inner
 * detector comes from the loader named in {@link #INNER_LOADER} (the real model-zoo one by default).
 */
public final class FaultInjectingLoader implements DetectorLoader {

    public static final String FAIL_WIDTH = "argus.test.fault.width";
    public static final String INNER_LOADER = "argus.test.fault.inner.loader";

    @Override
    public Detector load(ModelBundle bundle, Configuration conf) throws Exception {
        DetectorLoader inner = conf.getClass(INNER_LOADER, ZooDetectorLoader.class, DetectorLoader.class)
                .getDeclaredConstructor().newInstance();
        Detector detector = inner.load(bundle, conf);
        int failWidth = conf.getInt(FAIL_WIDTH, -1);
        return new Detector() {
            @Override
            public List<List<Detection>> detect(List<BufferedImage> images) {
                for (BufferedImage image : images) {
                    if (image.getWidth() == failWidth) {
                        throw new IllegalStateException("injected fault: the model cannot take a " + failWidth
                                + "-pixel-wide image");
                    }
                }
                return detector.detect(images);
            }

            @Override
            public List<String> labels() {
                return detector.labels();
            }

            @Override
            public void close() {
                detector.close();
            }
        };
    }
}
