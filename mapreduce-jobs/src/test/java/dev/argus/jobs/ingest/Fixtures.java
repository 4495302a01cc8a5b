package dev.argus.jobs.ingest;

import dev.argus.zoo.preprocess.SplicedJpeg;
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
import java.util.zip.CRC32;

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

    /** A 320x240 JPEG with garbage in the middle of its entropy-coded data, every marker intact. */
    static byte[] jpegWithGarbageInTheScan() {
        return SplicedJpeg.gradient();
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
