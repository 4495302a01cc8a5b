package dev.argus.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.zoo.bundle.BundleManifest;
import dev.argus.zoo.bundle.ModelBundle;
import dev.argus.zoo.preprocess.EncodedImage;
import dev.argus.zoo.preprocess.ImageDecodeException;
import dev.argus.zoo.preprocess.ImageDecoder;
import dev.argus.zoo.preprocess.InputEncoder;
import dev.argus.zoo.preprocess.NativeInputEncoder;
import dev.argus.zoo.preprocess.ReducedDecode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The native decode + preprocess path against today's ImageIO path on the six sample photos, with the
 * real CenterNet bundle's input (512x512 NHWC RGB, stretched, pixel values 0..255): the tensors, and
 * then the detections.
 */
class NativeDecodeParityTest {

    private static final List<String> PHOTOS = List.of("sample1.jpg", "sample2.jpg", "sample3.jpg", "sample4.jpg",
            "sample5.jpg", "sample6.jpg");
    /** Mean absolute difference per value, in 0..255 units; measured up to 4.3 (sample6), see the README. */
    private static final double MEAN_TOLERANCE = 9;
    /** Detections compared: those today's path is confident about. */
    private static final float MIN_SCORE = 0.4f;
    private static final float MIN_IOU = 0.85f; // measured worst 0.941
    private static final float MAX_SCORE_DIFF = 0.05f; // measured worst 0.015

    private static double meanAbs(INDArray a, INDArray b) {
        return Transforms.abs(a.sub(b)).meanNumber().doubleValue();
    }

    @Test
    void nativeTensorIsTodaysTensorUpToResamplingNoise() throws IOException {
        BundleManifest manifest = ModelBundle.open(SampleModels.bundle("centernet")).manifest();
        InputEncoder today = new InputEncoder(manifest.input(), manifest.normalization());
        NativeInputEncoder fast = new NativeInputEncoder(manifest.input(), manifest.normalization());
        for (String photo : PHOTOS) {
            EncodedImage image = encoded(photo);
            ReducedDecode reduced = ReducedDecode.decode(image.bytes(), photo, image.width(), image.height(),
                    manifest.input().width(), manifest.input().height());
            INDArray expected = today.encode(List.of(reduced.image())).input();
            INDArray actual = fast.encode(List.of(image)).input();
            assertEquals(List.of(expected.shape()[0], expected.shape()[1], expected.shape()[2], expected.shape()[3]),
                    List.of(actual.shape()[0], actual.shape()[1], actual.shape()[2], actual.shape()[3]));
            // the reference both approximate: every pixel decoded, then the same resize as today
            INDArray full = today.encode(List.of(ImageDecoder.decode(image.bytes(), photo))).input();
            double nativeVsToday = meanAbs(actual, expected);
            double nativeVsFull = meanAbs(actual, full);
            double todayVsFull = meanAbs(expected, full);
            System.out.printf(Locale.ROOT, "%s %dx%d: mean |native - today| %.3f (max %.0f); vs full decode: native %.3f, today %.3f%n",
                    photo, image.width(), image.height(), nativeVsToday, Transforms.abs(actual.sub(expected)).maxNumber().doubleValue(),
                    nativeVsFull, todayVsFull);
            assertTrue(nativeVsToday < MEAN_TOLERANCE, photo + ": mean difference " + nativeVsToday);
            assertTrue(nativeVsFull <= todayVsFull * 1.5, photo + ": native is no further from the full decode than today's subsampling ("
                    + nativeVsFull + " vs " + todayVsFull + ")");
        }
    }

    @Test
    void realCenterNetFindsTheSameBoxesOnBothPaths() throws IOException {
        try (GraphDetector detector = Detectors.open(SampleModels.bundle("centernet"))) {
            int width = 512; // the bundle's input, as the detect job passes it
            float worstIou = 1f;
            float worstScore = 0f;
            int compared = 0;
            for (String photo : PHOTOS) {
                EncodedImage image = encoded(photo);
                List<Detection> today;
                try (ImageBatch batch = new DecodedImageBatch(detector, 1, width, width)) {
                    batch.put(0, image);
                    today = batch.detect(new int[]{0}).get(0);
                }
                List<Detection> fast = detector.detectEncoded(List.of(image)).get(0);
                for (Detection d : today) {
                    if (d.score() < MIN_SCORE) {
                        continue;
                    }
                    Detection match = bestMatch(d, fast);
                    float iou = match == null ? 0f : iou(d, match);
                    float scoreDiff = match == null ? 1f : Math.abs(d.score() - match.score());
                    worstIou = Math.min(worstIou, iou);
                    worstScore = Math.max(worstScore, scoreDiff);
                    compared++;
                    assertTrue(iou >= MIN_IOU && scoreDiff <= MAX_SCORE_DIFF, photo + ": " + d + " today, natively "
                            + match + " (IoU " + iou + ", score difference " + scoreDiff + ")");
                }
            }
            System.out.printf(Locale.ROOT, "%d detections (score >= %.2f): worst IoU %.3f, worst score difference %.3f%n",
                    compared, MIN_SCORE, worstIou, worstScore);
            assertTrue(compared >= 6, "the photos show people: " + compared + " confident detections");

            // a batch filled by slots, one of which failed to decode: the others come out as on their own
            EncodedImage first = encoded("sample1.jpg");
            EncodedImage third = encoded("sample3.jpg");
            byte[] cut = Arrays.copyOf(first.bytes(), first.bytes().length / 2);
            try (ImageBatch batch = detector.newBatch(3, 0, 0)) {
                batch.put(0, first);
                assertThrows(ImageDecodeException.class, () -> batch.put(1, new EncodedImage(cut, "cut.jpg", 0, 0)));
                batch.put(2, third);
                assertEquals(detector.detectEncoded(List.of(first, third)), batch.detect(new int[]{0, 2}));
            }
        }
    }

    private static Detection bestMatch(Detection d, List<Detection> candidates) {
        Detection best = null;
        for (Detection c : candidates) {
            if (c.classId() == d.classId() && (best == null || iou(d, c) > iou(d, best))) {
                best = c;
            }
        }
        return best;
    }

    private static float iou(Detection a, Detection b) {
        float w = Math.max(0, Math.min(a.x2(), b.x2()) - Math.max(a.x1(), b.x1()));
        float h = Math.max(0, Math.min(a.y2(), b.y2()) - Math.max(a.y1(), b.y1()));
        float inter = w * h;
        float union = (a.x2() - a.x1()) * (a.y2() - a.y1()) + (b.x2() - b.x1()) * (b.y2() - b.y1()) - inter;
        return union <= 0 ? 0 : inter / union;
    }

    static EncodedImage encoded(String photo) throws IOException {
        byte[] bytes = Files.readAllBytes(SampleModels.photo(photo));
        BufferedImage header = ImageIO.read(new ByteArrayInputStream(bytes));
        return new EncodedImage(bytes, photo, header.getWidth(), header.getHeight());
    }
}
