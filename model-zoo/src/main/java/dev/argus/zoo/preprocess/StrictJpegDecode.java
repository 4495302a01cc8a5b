package dev.argus.zoo.preprocess;

import static org.bytedeco.leptonica.global.leptonica.L_SEVERITY_NONE;
import static org.bytedeco.leptonica.global.leptonica.pixDestroy;
import static org.bytedeco.leptonica.global.leptonica.pixEndianByteSwap;
import static org.bytedeco.leptonica.global.leptonica.pixReadMemJpeg;
import static org.bytedeco.leptonica.global.leptonica.setMsgSeverity;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;

import java.nio.ByteOrder;
import org.bytedeco.leptonica.PIX;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * A JPEG decoded by libjpeg-turbo with its corrupt-data warnings treated as errors. libjpeg only warns
 * about damage inside the entropy-coded data (a bad Huffman code, data ending before the last block, a
 * restart marker out of turn) and fills the rest in; OpenCV's {@code imdecode} prints that warning and
 * returns the picture, and the JavaCPP presets do not expose libjpeg's warning count. Leptonica's reader
 * ({@code pixReadMemJpeg}, libjpeg-turbo 3.0 with SIMD inside) stops at the first such warning and
 * returns nothing, so the damage is a {@link ImageDecodeException} here.
 *
 * <p>Known limit: a warning libjpeg raises only after the last row, in {@code jpeg_finish_decompress}
 * — entropy-coded bytes left over before the end-of-image marker, when the decoder fell back into step
 * after the damage — is not counted by Leptonica, so such a file passes. ImageIO's reader hears it.
 *
 * <p>The scale is libjpeg's DCT-domain reduction (1, 2, 4 or 8): every block is still Huffman-decoded,
 * so a reduced decode finds the same damage at a fraction of the cost.
 */
public final class StrictJpegDecode {

    static {
        // failures come back as exceptions; Leptonica's own stderr lines would only repeat them
        setMsgSeverity(L_SEVERITY_NONE);
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new ExceptionInInitializerError("StrictJpegDecode reads Leptonica's pixel words as little-endian bytes");
        }
    }

    private StrictJpegDecode() {
    }

    /**
     * The picture at 1/{@code reduction} of its size, ceil(w/r) x ceil(h/r), still in Leptonica's buffer;
     * close it to free that buffer.
     *
     * @throws ImageDecodeException when libjpeg fails or warns about corrupt data
     */
    public static Picture decode(byte[] jpeg, String name, int reduction) {
        PIX pix = read(jpeg, name, reduction);
        if (pix.d() != 32 && !(pix.d() == 8 && pix.colormap() == null)) {
            pixDestroy(pix);
            throw new ImageDecodeException(name + ": unexpected " + pix.d() + "-bit picture from the JPEG decoder");
        }
        if (pix.d() == 8) {
            // Leptonica keeps grey bytes swapped within each 32-bit word; put them in reading order once
            pixEndianByteSwap(pix);
        }
        return new Picture(pix);
    }

    /**
     * The picture at 1/{@code reduction} of its size as 8-bit BGR (grey pictures too), ceil(w/r) x ceil(h/r).
     * The Mat is released with the caller's {@link org.bytedeco.javacpp.PointerScope}.
     *
     * @throws ImageDecodeException when libjpeg fails or warns about corrupt data
     */
    public static Mat decodeBgr(byte[] jpeg, String name, int reduction) {
        try (Picture picture = decode(jpeg, name, reduction)) {
            return picture.resized(new Size(picture.width(), picture.height()), true);
        }
    }

    /** A decoded picture in Leptonica's memory: 32-bit words for colour, bytes in reading order for grey. */
    public static final class Picture implements AutoCloseable {
        private final PIX pix;

        private Picture(PIX pix) {
            this.pix = pix;
        }

        public int width() {
            return pix.w();
        }

        public int height() {
            return pix.h();
        }

        /**
         * The picture resized bilinearly to {@code size}, as 8-bit BGR or RGB. It is resized first, still in
         * Leptonica's words, and only the small result is put into channel order: the full-size picture
         * is read once, by the resize (resizing is per channel, so the order of the two steps does not
         * change a pixel). The Mat is released with the caller's {@link org.bytedeco.javacpp.PointerScope}.
         */
        public Mat resized(Size size, boolean bgr) {
            boolean same = size.width() == pix.w() && size.height() == pix.h();
            Mat out = new Mat(size.height(), size.width(), CV_8UC3);
            if (pix.d() == 32) {
                // Leptonica keeps pixels in 32-bit words, most significant byte first: R G B A in a word
                // is A B G R in memory on a little-endian machine
                Mat words = new Mat(pix.h(), pix.w(), CV_8UC4, pix.data(), (long) pix.wpl() * Integer.BYTES);
                int[] order = bgr ? new int[]{1, 0, 2, 1, 3, 2} : new int[]{3, 0, 2, 1, 1, 2};
                opencv_core.mixChannels(same ? words : resized(words, size), 1, out, 1, order, 3);
            } else {
                Mat grey = new Mat(pix.h(), pix.w(), CV_8UC1, pix.data(), (long) pix.wpl() * Integer.BYTES);
                opencv_imgproc.cvtColor(same ? grey : resized(grey, size), out, COLOR_GRAY2BGR);
            }
            return out;
        }

        private static Mat resized(Mat source, Size size) {
            Mat target = new Mat();
            opencv_imgproc.resize(source, target, size, 0, 0, INTER_LINEAR);
            return target;
        }

        @Override
        public void close() {
            pixDestroy(pix);
        }
    }

    /**
     * Decodes every block at 1/8 scale and drops the pixels: whether the entropy-coded data is whole.
     *
     * @throws ImageDecodeException when libjpeg fails or warns about corrupt data
     */
    public static void verify(byte[] jpeg, String name) {
        pixDestroy(read(jpeg, name, 8));
    }

    private static PIX read(byte[] jpeg, String name, int reduction) {
        int[] warnings = new int[1];
        PIX pix = pixReadMemJpeg(jpeg, jpeg.length, 0, reduction, warnings, 0);
        if (pix == null || pix.isNull()) {
            throw new ImageDecodeException(name + ": corrupt or truncated image (" + jpeg.length + " bytes): "
                    + (warnings[0] > 0 ? "corrupt JPEG data, libjpeg warns inside the entropy-coded data"
                            : "libjpeg cannot decode the JPEG"));
        }
        return pix;
    }
}
