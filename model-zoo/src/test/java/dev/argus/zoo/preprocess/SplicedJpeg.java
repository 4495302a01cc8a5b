package dev.argus.zoo.preprocess;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * JPEGs damaged inside their entropy-coded data with every marker intact: the hostile file the strict
 * decode exists for, shared by model-zoo's decoder tests and the jobs' ingest and detect tests.
 */
public final class SplicedJpeg {

    private SplicedJpeg() {
    }

    /** A 320x240 gradient with a little noise (so the scan is long), spliced as {@link #withGarbageInTheScan}. */
    public static byte[] gradient() {
        return withGarbageInTheScan(jpeg(noisyGradient(320, 240)));
    }

    /** A gradient with a little noise, undamaged, as a picture. */
    public static BufferedImage noisyGradient(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(1);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = 255 * x / w;
                int g = 255 * y / h;
                int b = Math.min(255, 128 + random.nextInt(16));
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return image;
    }

    /**
     * 16 random bytes, none 0xFF, inserted in the middle of the entropy-coded data: every marker stays
     * intact, and libjpeg runs out of data before the last block ("premature end of data segment"). Not
     * every splice is visible to libjpeg: when the decoder falls back into step it may finish exactly, or
     * with bytes to spare before the end marker, which it reports only after the last row (see
     * {@link StrictJpegDecode}).
     */
    public static byte[] withGarbageInTheScan(byte[] jpeg) {
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

    private static byte[] jpeg(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "jpeg", out)) {
                throw new IllegalStateException("no JPEG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
