package dev.argus.zoo.train;

import dev.argus.zoo.Detection;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Training-time image changes that keep the boxes right: horizontal flip, scale jitter (zoom in or
 * out about a random point, the image size unchanged, uncovered borders filled with the pad grey), and
 * colour jitter (brightness, contrast, saturation). A box cut by the border is clipped; one with less
 * than 40% of its area left, or under 2 px, is dropped — it would teach the model to box fragments.
 */
public record Augmentation(boolean flip, double scaleJitter, double colourJitter) {

    public static final Augmentation NONE = new Augmentation(false, 0, 0);
    /** What {@code argus train} uses unless told otherwise. */
    public static final Augmentation DEFAULT = new Augmentation(true, 0.25, 0.25);
    static final Color PAD = new Color(114, 114, 114);

    public Augmentation {
        if (scaleJitter < 0 || scaleJitter >= 1) {
            throw new IllegalArgumentException("scale jitter must be in [0, 1), got " + scaleJitter);
        }
        if (colourJitter < 0 || colourJitter >= 1) {
            throw new IllegalArgumentException("colour jitter must be in [0, 1), got " + colourJitter);
        }
    }

    public TrainingSample apply(TrainingSample sample, SplittableRandom rnd) {
        BufferedImage src = sample.image();
        int w = src.getWidth();
        int h = src.getHeight();
        boolean mirror = flip && rnd.nextBoolean();
        double scale = scaleJitter == 0 ? 1 : 1 + (rnd.nextDouble() * 2 - 1) * scaleJitter;
        // zoom about a random point so that every part of the image can land anywhere
        double dx = (w - w * scale) * rnd.nextDouble();
        double dy = (h - h * scale) * rnd.nextDouble();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(PAD);
            g.fillRect(0, 0, w, h);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.translate(dx, dy);
            g.scale(scale, scale);
            if (mirror) {
                g.translate(w, 0);
                g.scale(-1, 1);
            }
            g.drawImage(src, 0, 0, null);
        } finally {
            g.dispose();
        }
        List<Detection> boxes = new ArrayList<>(sample.boxes().size());
        for (Detection d : sample.boxes()) {
            float x1 = mirror ? w - d.x2() : d.x1();
            float x2 = mirror ? w - d.x1() : d.x2();
            Detection moved = new Detection(d.classId(), d.label(), d.score(),
                    (float) (x1 * scale + dx), (float) (d.y1() * scale + dy),
                    (float) (x2 * scale + dx), (float) (d.y2() * scale + dy));
            Detection clipped = new Detection(d.classId(), d.label(), d.score(),
                    Math.max(0, moved.x1()), Math.max(0, moved.y1()), Math.min(w, moved.x2()), Math.min(h, moved.y2()));
            if (clipped.width() >= 2 && clipped.height() >= 2 && clipped.area() >= 0.4f * moved.area()) {
                boxes.add(clipped);
            }
        }
        if (colourJitter > 0) {
            jitterColours(out, rnd);
        }
        return new TrainingSample(out, boxes);
    }

    private void jitterColours(BufferedImage img, SplittableRandom rnd) {
        double brightness = 1 + (rnd.nextDouble() * 2 - 1) * colourJitter;
        double contrast = 1 + (rnd.nextDouble() * 2 - 1) * colourJitter;
        double saturation = 1 + (rnd.nextDouble() * 2 - 1) * colourJitter;
        int w = img.getWidth();
        int h = img.getHeight();
        int[] px = img.getRGB(0, 0, w, h, null, 0, w);
        double mean = 0;
        for (int p : px) {
            mean += luma(p);
        }
        mean /= px.length;
        for (int i = 0; i < px.length; i++) {
            int p = px[i];
            double r = (p >> 16) & 0xFF;
            double gr = (p >> 8) & 0xFF;
            double b = p & 0xFF;
            double l = luma(p);
            r = ((l + (r - l) * saturation) - mean) * contrast + mean;
            gr = ((l + (gr - l) * saturation) - mean) * contrast + mean;
            b = ((l + (b - l) * saturation) - mean) * contrast + mean;
            px[i] = (clamp(r * brightness) << 16) | (clamp(gr * brightness) << 8) | clamp(b * brightness);
        }
        img.setRGB(0, 0, w, h, px, 0, w);
    }

    private static double luma(int p) {
        return 0.299 * ((p >> 16) & 0xFF) + 0.587 * ((p >> 8) & 0xFF) + 0.114 * (p & 0xFF);
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
