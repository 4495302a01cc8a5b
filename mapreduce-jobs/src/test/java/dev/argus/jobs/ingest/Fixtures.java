package dev.argus.jobs.ingest;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/**
 * The committed sample images (made with ImageMagick, a few hundred bytes to 16 KB each) and the
 * hostile inputs built from them.
 */
final class Fixtures {

    record Sample(String file, String format, int width, int height) {
    }

    /** One real image per format and variant ingest must take. */
    static final Map<String, Sample> SAMPLES = new LinkedHashMap<>();

    static {
        for (Sample s : new Sample[] {
                new Sample("rgb.jpg", "jpeg", 64, 48),
                new Sample("progressive.jpg", "jpeg", 80, 60),
                new Sample("cmyk.jpg", "jpeg", 72, 40),      // Adobe APP14 transform 0
                new Sample("ycck.jpg", "jpeg", 70, 50),      // Adobe APP14 transform 2
                new Sample("rgb16.png", "png", 50, 40),
                new Sample("gray16.png", "png", 48, 48),
                new Sample("alpha.png", "png", 40, 40),      // 8-bit RGBA
                new Sample("plain.gif", "gif", 60, 30),
                new Sample("bitmap.bmp", "bmp", 30, 20),
                new Sample("lossy.webp", "webp", 64, 64),    // VP8, lossy
                new Sample("lzw.tiff", "tiff", 56, 36),
        }) {
            SAMPLES.put(s.file(), s);
        }
    }

    private Fixtures() {
    }

    static byte[] sample(String file) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/images/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no test image " + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void copySamplesTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String file : SAMPLES.keySet()) {
            Files.write(dir.resolve(file), sample(file));
        }
    }

    static byte[] truncatedJpeg() {
        byte[] jpeg = sample("rgb.jpg");
        return Arrays.copyOf(jpeg, jpeg.length / 2);
    }

    /**
     * A 320x240 JPEG with 16 random bytes (none 0xFF) inserted in the middle of its entropy-coded data:
     * every marker intact, the header and the structure sound; libjpeg runs out of data before the last
     * block. The same construction as model-zoo's NativeInputEncoderTest.
     */
    static byte[] jpegWithGarbageInTheScan() {
        BufferedImage image = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(1);
        for (int y = 0; y < 240; y++) {
            for (int x = 0; x < 320; x++) {
                image.setRGB(x, y, (255 * x / 320 << 16) | (255 * y / 240 << 8) | (128 + random.nextInt(16)));
            }
        }
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpeg", encoded);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] jpeg = encoded.toByteArray();
        byte[] garbage = new byte[16];
        new Random(1).nextBytes(garbage);
        for (int i = 0; i < garbage.length; i++) {
            if (garbage[i] == (byte) 0xFF) {
                garbage[i] = 0x5A;
            }
        }
        int at = jpeg.length / 2;
        while ((jpeg[at - 1] & 0xFF) == 0xFF) {
            at++; // never between 0xFF and its stuffed zero
        }
        byte[] damaged = new byte[jpeg.length + garbage.length];
        System.arraycopy(jpeg, 0, damaged, 0, at);
        System.arraycopy(garbage, 0, damaged, at, garbage.length);
        System.arraycopy(jpeg, at, damaged, at + garbage.length, jpeg.length - at);
        return damaged;
    }

    /** A PNG whose IDAT data is intact but whose stored CRC has one byte flipped. */
    static byte[] pngWithBrokenCrc() {
        byte[] png = sample("rgb16.png").clone();
        int idat = indexOf(png, "IDAT".getBytes(StandardCharsets.US_ASCII));
        int length = ByteBuffer.wrap(png, idat - 4, 4).getInt();
        png[idat + 4 + length] ^= 0x55;
        return png;
    }

    /** A valid-looking PNG (IHDR CRC correct) whose header claims 100000 x 100000 pixels. */
    static byte[] pngClaiming100000Squared() {
        byte[] png = sample("rgb16.png").clone();
        ByteBuffer b = ByteBuffer.wrap(png);
        b.putInt(16, 100_000).putInt(20, 100_000); // IHDR width, height
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17); // "IHDR" + 13 data bytes
        b.putInt(29, (int) crc.getValue());
        return png;
    }

    /** A JPEG whose frame header claims 65000 x 65000 pixels (JPEG's dimensions stop at 65535). */
    static byte[] jpegClaiming65000Squared() {
        byte[] jpeg = sample("rgb.jpg").clone();
        int sof = indexOf(jpeg, new byte[] {(byte) 0xFF, (byte) 0xC0});
        ByteBuffer.wrap(jpeg).putShort(sof + 5, (short) 65000).putShort(sof + 7, (short) 65000);
        return jpeg;
    }

    static byte[] textNamedJpg() {
        return "This is a text file that happens to be called photo.jpg.\n".getBytes(StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("marker not found in the sample");
    }
}
