package dev.argus.jobs.detect;

import dev.argus.layout.avro.ImageRecord;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import javax.imageio.ImageIO;

/** Image records as ingest writes them, built from pictures drawn here. */
public final class TestImages {

    private TestImages() {
    }

    /** A black PNG of the given size with one filled rectangle in {@code colour}. */
    public static byte[] pngWithBox(int width, int height, Color colour, int x, int y, int w, int h) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, width, height);
        g.setColor(colour);
        g.fillRect(x, y, w, h);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static ImageRecord record(String name, byte[] bytes, int width, int height) {
        return ImageRecord.newBuilder()
                .setImageId(sha256(bytes))
                .setSourceUri("file:/photos/" + name)
                .setFormat("png")
                .setWidth(width)
                .setHeight(height)
                .setByteSize(bytes.length)
                .setBytes(ByteBuffer.wrap(bytes))
                .setIngestedAt(Instant.parse("2026-11-26T00:00:00Z"))
                .setAttributes(Map.of())
                .build();
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
