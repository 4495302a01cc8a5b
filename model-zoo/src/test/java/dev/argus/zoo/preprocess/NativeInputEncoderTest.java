package dev.argus.zoo.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.zoo.bundle.InputSpec;
import dev.argus.zoo.bundle.Normalization;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The native path's integrity and its fallbacks: damaged JPEGs are decode errors on every path; what
 * OpenCV would decode differently from ImageIO goes through today's decoder and gives today's tensor
 * exactly; what it decodes itself stays within resampling noise of today's tensor.
 */
class NativeInputEncoderTest {

    private static final InputSpec NCHW_RGB = new InputSpec(64, 64, InputSpec.Layout.NCHW, "RGB",
            InputSpec.Resize.LETTERBOX, 114f);
    private static final InputSpec NHWC_BGR = new InputSpec(48, 32, InputSpec.Layout.NHWC, "BGR",
            InputSpec.Resize.STRETCH, 0f);
    private static final InputSpec NHWC_RGB = new InputSpec(64, 40, InputSpec.Layout.NHWC, "RGB",
            InputSpec.Resize.LETTERBOX, 0f);
    private static final Normalization IMAGENET = new Normalization(1f / 255f, new float[]{0.485f, 0.456f, 0.406f},
            new float[]{0.229f, 0.224f, 0.225f});

    @Test
    void truncatedJpegIsADecodeErrorOnEveryPath() throws IOException {
        byte[] jpeg = jpeg(SplicedJpeg.noisyGradient(320, 240));
        byte[] half = Arrays.copyOf(jpeg, jpeg.length / 2);

        ImageDecodeException natively = assertThrows(ImageDecodeException.class, () -> encodeNatively(half, NCHW_RGB));
        assertTrue(natively.getMessage().startsWith("cut.jpg: corrupt or truncated image"), natively.getMessage());
        assertTrue(natively.getMessage().contains("truncated JPEG"), natively.getMessage());
        // ImageIO reads it as a whole picture, the missing half grey, and only warns: that is an error too
        ImageDecodeException full = assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(half, "cut.jpg"));
        assertTrue(full.getMessage().contains("premature end"), full.getMessage());
        assertThrows(ImageDecodeException.class, () -> ReducedDecode.decode(half, "cut.jpg", 320, 240, 64, 64));
    }

    @Test
    void garbageInTheScanDataIsADecodeErrorOnEveryPath() throws IOException {
        byte[] jpeg = jpeg(SplicedJpeg.noisyGradient(320, 240));
        byte[] damaged = jpeg.clone();
        int middle = damaged.length / 2;
        byte[] garbage = new byte[64];
        new Random(7).nextBytes(garbage);
        garbage[10] = (byte) 0xFF; // a byte pair no encoder writes inside scan data
        garbage[11] = (byte) 0x3C;
        System.arraycopy(garbage, 0, damaged, middle, garbage.length);

        ImageDecodeException natively = assertThrows(ImageDecodeException.class, () -> encodeNatively(damaged, NHWC_BGR));
        assertTrue(natively.getMessage().contains("corrupt JPEG, marker 0x3C inside the scan data"), natively.getMessage());
        assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(damaged, "cut.jpg"));
        assertThrows(ImageDecodeException.class, () -> ReducedDecode.decode(damaged, "cut.jpg", 320, 240, 48, 32));
    }

    @Test
    void garbageSplicedIntoTheScanWithEveryMarkerIntactIsADecodeErrorOnEveryPath() throws IOException {
        byte[] damaged = SplicedJpeg.gradient();
        JpegStructure.read(damaged, "spliced.jpg").orElseThrow(); // the marker walk sees nothing wrong

        ImageDecodeException natively = assertThrows(ImageDecodeException.class, () -> encodeNatively(damaged, NCHW_RGB));
        assertTrue(natively.getMessage().contains("corrupt JPEG data, libjpeg warns"), natively.getMessage());
        assertThrows(ImageDecodeException.class, () -> StrictJpegDecode.verify(damaged, "spliced.jpg"));
        assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(damaged, "spliced.jpg"));
        assertThrows(ImageDecodeException.class, () -> ReducedDecode.decode(damaged, "spliced.jpg", 320, 240, 64, 64));
        // what the native path used before: OpenCV decodes it to a whole picture and only prints a warning
        try (PointerScope scope = new PointerScope()) {
            Mat picture = opencv_imgcodecs.imdecode(
                    new Mat(new BytePointer(damaged)),
                    opencv_imgcodecs.IMREAD_COLOR);
            assertEquals(320, picture.cols());
        }
    }

    @Test
    void theStrictDecodeGivesOpenCvsPixels() throws IOException {
        byte[] colour = jpeg(SplicedJpeg.noisyGradient(320, 240));
        byte[] grey = jpeg(grey(SplicedJpeg.noisyGradient(200, 150)));
        for (int reduction : new int[]{1, 2, 8}) {
            assertSamePixels(colour, reduction);
            assertSamePixels(grey, reduction);
        }
    }

    private static void assertSamePixels(byte[] jpeg, int reduction) {
        int flag = switch (reduction) {
            case 2 -> opencv_imgcodecs.IMREAD_REDUCED_COLOR_2;
            case 8 -> opencv_imgcodecs.IMREAD_REDUCED_COLOR_8;
            default -> opencv_imgcodecs.IMREAD_COLOR;
        };
        try (PointerScope scope = new PointerScope()) {
            Mat strict = StrictJpegDecode.decodeBgr(jpeg, "x.jpg", reduction);
            Mat opencv = opencv_imgcodecs.imdecode(
                    new Mat(new BytePointer(jpeg)), flag);
            assertEquals(opencv.cols(), strict.cols());
            assertEquals(opencv.rows(), strict.rows());
            byte[] a = new byte[(int) (strict.total() * 3)];
            byte[] b = new byte[a.length];
            strict.data().get(a);
            opencv.data().get(b);
            int worst = 0;
            for (int i = 0; i < a.length; i++) {
                worst = Math.max(worst, Math.abs((a[i] & 0xFF) - (b[i] & 0xFF)));
            }
            // both are libjpeg-turbo with its defaults (islow IDCT, fancy upsampling); measured: 0
            assertTrue(worst <= 1, "reduction " + reduction + ": worst pixel difference " + worst);
        }
    }

    @Test
    void bytesCheckedAtIngestDecodeToTheStrictPathsTensor() throws IOException {
        List<byte[]> jpegs = List.of(jpeg(SplicedJpeg.noisyGradient(320, 240)), jpeg(SplicedJpeg.noisyGradient(640, 400)),
                jpeg(grey(SplicedJpeg.noisyGradient(200, 150))), resource("progressive.jpg"));
        for (byte[] bytes : jpegs) {
            for (InputSpec spec : List.of(NCHW_RGB, NHWC_BGR, NHWC_RGB)) {
                NativeInputEncoder encoder = new NativeInputEncoder(spec, IMAGENET);
                EncodedImage image = new EncodedImage(bytes, "x.jpg", 0, 0);
                float[] strict = encoder.encode(List.of(image)).input().data().asFloat();
                float[] checked = encoder.encode(List.of(image.asChecked())).input().data().asFloat();
                // one libjpeg-turbo decode at the same scale and the same bilinear resize, per channel: measured 0
                assertArrayEquals(strict, checked, spec + " " + bytes.length + " bytes");
            }
        }
    }

    @Test
    void aCutOffFileIsADecodeErrorEvenWhenIngestCheckedIt() throws IOException {
        byte[] jpeg = jpeg(SplicedJpeg.noisyGradient(320, 240));
        EncodedImage half = new EncodedImage(Arrays.copyOf(jpeg, jpeg.length / 2), "cut.jpg", 320, 240).asChecked();

        ImageDecodeException e = assertThrows(ImageDecodeException.class,
                () -> new NativeInputEncoder(NCHW_RGB, IMAGENET).encode(List.of(half)));
        assertTrue(e.getMessage().contains("truncated JPEG"), e.getMessage());
    }

    @Test
    void bytesCheckedAtIngestAreNotSearchedForCorruptDataASecondTime() throws IOException {
        byte[] damaged = SplicedJpeg.gradient(); // every marker intact: only decoding every block finds it
        NativeInputEncoder encoder = new NativeInputEncoder(NCHW_RGB, IMAGENET);

        assertThrows(ImageDecodeException.class, () -> encoder.encode(List.of(EncodedImage.of(damaged, "spliced.jpg"))));
        // the saving: ingest's decode check would have rejected these bytes, so detect trusts the mark
        assertEquals(1, encoder.encode(List.of(EncodedImage.of(damaged, "spliced.jpg").asChecked())).size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"cmyk.jpg", "ycck.jpg", "gray16.png", "alpha.png", "plain.gif"})
    void whatOpenCvDecodesDifferentlyGivesTodaysTensorExactly(String file) throws IOException {
        byte[] bytes = resource(file);
        if (file.endsWith(".jpg")) {
            assertFalse(JpegStructure.read(bytes, file).orElseThrow().decodesNatively(), file + " is left to ImageIO");
        }
        for (InputSpec spec : List.of(NCHW_RGB, NHWC_BGR)) {
            assertArrayEquals(today(bytes, spec).data().asFloat(), encodeNatively(bytes, spec).data().asFloat(), file + " " + spec);
        }
    }

    @Test
    void aColourProfileOtherThanSrgbGoesToImageIoAndSrgbStaysNative() throws IOException {
        byte[] plain = jpeg(SplicedJpeg.noisyGradient(96, 64));
        byte[] linear = withSegment(plain, 0xE2, iccSegment(ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB)));
        byte[] srgb = withSegment(plain, 0xE2, iccSegment(ICC_Profile.getInstance(ColorSpace.CS_sRGB)));

        assertFalse(JpegStructure.read(linear, "linear.jpg").orElseThrow().decodesNatively());
        assertArrayEquals(today(linear, NCHW_RGB).data().asFloat(), encodeNatively(linear, NCHW_RGB).data().asFloat());
        assertTrue(JpegStructure.read(srgb, "srgb.jpg").orElseThrow().decodesNatively());
        assertTrue(JpegStructure.read(plain, "plain.jpg").orElseThrow().decodesNatively());
    }

    @Test
    void exifOrientationIsIgnoredAsImageIoIgnoresIt() throws IOException {
        byte[] plain = jpeg(halves(96, 48));
        byte[] rotated = withSegment(plain, 0xE1, exifOrientation(6)); // "rotate 90° clockwise to display"

        assertArrayEquals(encodeNatively(plain, NHWC_BGR).data().asFloat(), encodeNatively(rotated, NHWC_BGR).data().asFloat());
        assertWithinResamplingNoise(today(rotated, NHWC_BGR), encodeNatively(rotated, NHWC_BGR), "EXIF-rotated");
        // OpenCV's imdecode, which checked bytes take, rotates by EXIF unless told not to
        NativeInputEncoder encoder = new NativeInputEncoder(NHWC_BGR, IMAGENET);
        assertArrayEquals(encodeNatively(plain, NHWC_BGR).data().asFloat(),
                encoder.encode(List.of(EncodedImage.of(rotated, "rotated.jpg").asChecked())).input().data().asFloat());
    }

    @ParameterizedTest
    @ValueSource(strings = {"progressive.jpg", "grey"})
    void jpegsOpenCvDecodesStayWithinResamplingNoiseOfToday(String file) throws IOException {
        byte[] bytes = file.equals("grey") ? jpeg(grey(SplicedJpeg.noisyGradient(200, 150))) : resource(file);
        assertTrue(JpegStructure.read(bytes, file).orElseThrow().decodesNatively());
        for (InputSpec spec : List.of(NCHW_RGB, NHWC_BGR, NHWC_RGB)) {
            assertWithinResamplingNoise(today(bytes, spec), encodeNatively(bytes, spec), file);
        }
    }

    @Test
    void eachImageLandsInItsOwnSlotOfTheBatch() throws IOException {
        byte[] first = jpeg(SplicedJpeg.noisyGradient(120, 90));
        byte[] second = resource("progressive.jpg");
        for (InputSpec spec : List.of(NCHW_RGB, NHWC_BGR, NHWC_RGB)) {
            NativeInputEncoder encoder = new NativeInputEncoder(spec, IMAGENET);
            INDArray both = encoder.encode(List.of(new EncodedImage(first, "a", 0, 0), new EncodedImage(second, "b", 0, 0))).input();
            assertEquals(encodeNatively(first, spec).slice(0), both.slice(0), spec.toString());
            assertEquals(encodeNatively(second, spec).slice(0), both.slice(1), spec.toString());
        }
    }

    @Test
    void reductionKeepsTheDecodedImageAtLeastAsLargeAsItsPlacement() {
        assertEquals(2, NativeInputEncoder.reduction(1920, 1280, 512, 341));
        assertEquals(4, NativeInputEncoder.reduction(4000, 3000, 512, 384));
        assertEquals(8, NativeInputEncoder.reduction(4000, 3000, 416, 312)); // 500x375
        assertEquals(1, NativeInputEncoder.reduction(640, 480, 512, 384));
    }

    /** Stretch of a picture with a hard edge: values compared where the interpolation kernels agree. */
    private static void assertWithinResamplingNoise(INDArray expected, INDArray actual, String what) {
        double mean = Transforms.abs(actual.sub(expected)).meanNumber().doubleValue();
        // normalised units (ImageNet std ~0.225): 0.05 is about 3 levels of 255; noise pictures measured ~0.02
        assertTrue(mean < 0.05, what + ": mean difference " + mean);
    }

    private static INDArray encodeNatively(byte[] bytes, InputSpec spec) {
        return new NativeInputEncoder(spec, IMAGENET).encode(List.of(new EncodedImage(bytes, "cut.jpg", 0, 0))).input();
    }

    private static INDArray today(byte[] bytes, InputSpec spec) {
        ReducedDecode reduced = ReducedDecode.decode(bytes, "today", 0, 0, spec.width(), spec.height());
        return new InputEncoder(spec, IMAGENET).encode(List.of(reduced.image())).input();
    }

    private static byte[] resource(String file) throws IOException {
        try (InputStream in = NativeInputEncoderTest.class.getResourceAsStream("/images/" + file)) {
            return in.readAllBytes();
        }
    }

    /** Smooth colour gradients with a little noise: a picture both decoders resample alike. */
    private static BufferedImage halves(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, w / 2, h);
        g.setColor(Color.BLUE);
        g.fillRect(w / 2, 0, w - w / 2, h);
        g.dispose();
        return image;
    }

    private static BufferedImage grey(BufferedImage colour) {
        BufferedImage grey = new BufferedImage(colour.getWidth(), colour.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = grey.createGraphics();
        g.drawImage(colour, 0, 0, null);
        g.dispose();
        return grey;
    }

    private static byte[] jpeg(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, "jpeg", out));
        return out.toByteArray();
    }

    /** {@code jpeg} with one more segment right after its start-of-image marker. */
    private static byte[] withSegment(byte[] jpeg, int marker, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(marker);
        out.write((payload.length + 2) >> 8);
        out.write((payload.length + 2) & 0xFF);
        out.write(payload, 0, payload.length);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    private static byte[] iccSegment(ICC_Profile profile) {
        byte[] data = profile.getData();
        byte[] payload = new byte[14 + data.length];
        byte[] id = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(id, 0, payload, 0, id.length);
        payload[12] = 1; // chunk 1 of 1
        payload[13] = 1;
        System.arraycopy(data, 0, payload, 14, data.length);
        return payload;
    }

    /** A minimal big-endian Exif APP1 payload with one IFD0 entry: Orientation. */
    private static byte[] exifOrientation(int orientation) {
        return new byte[]{'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1,
                0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, 0, 0, 0, 0};
    }
}
