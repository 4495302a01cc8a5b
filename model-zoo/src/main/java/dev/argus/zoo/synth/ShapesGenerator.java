package dev.argus.zoo.synth;

import dev.argus.zoo.Detection;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic detection data: coloured shapes of several classes and sizes, many of them
 * small, on textured backgrounds, with exact ground-truth boxes.
 *
 * <p>Image {@code i} of seed {@code s} depends only on (s, i), never on what was generated before, so
 * sets can be produced in parallel or resumed, and a held-out set is simply another seed.
 */
public final class ShapesGenerator {

    private final ShapesSpec spec;

    public ShapesGenerator(ShapesSpec spec) {
        this.spec = spec;
    }

    public ShapesSpec spec() {
        return spec;
    }

    public SyntheticImage generate(long seed, int index) {
        SplittableRandom rnd = new SplittableRandom(mix(seed, index));
        BufferedImage img = new BufferedImage(spec.width(), spec.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            paintBackground(g, rnd);
            List<Detection> truth = paintShapes(g, rnd, img);
            addNoise(img, rnd, 4 + rnd.nextInt(9));
            return new SyntheticImage(String.format("%s-%d-%06d.png", spec.name(), seed, index), img, truth);
        } finally {
            g.dispose();
        }
    }

    /** A texture the network must learn to ignore: a gradient, clutter strokes and sensor noise. */
    private void paintBackground(Graphics2D g, SplittableRandom rnd) {
        int w = spec.width();
        int h = spec.height();
        g.setPaint(new GradientPaint(0, 0, randomColor(rnd), w, h, randomColor(rnd)));
        g.fillRect(0, 0, w, h);
        int strokes = rnd.nextInt(3, 9);
        for (int i = 0; i < strokes; i++) {
            g.setColor(withAlpha(randomColor(rnd), 60 + rnd.nextInt(80)));
            g.setStroke(new BasicStroke(1f + rnd.nextInt(3)));
            g.drawLine(rnd.nextInt(w), rnd.nextInt(h), rnd.nextInt(w), rnd.nextInt(h));
        }
        addBlotches(g, rnd);
    }

    private void addBlotches(Graphics2D g, SplittableRandom rnd) {
        // Low-frequency blotches so that the background is not a clean gradient.
        int blotches = rnd.nextInt(2, 6);
        for (int i = 0; i < blotches; i++) {
            int r = rnd.nextInt(spec.width() / 8, spec.width() / 3 + 1);
            g.setColor(withAlpha(randomColor(rnd), 25 + rnd.nextInt(30)));
            g.fillOval(rnd.nextInt(spec.width()) - r, rnd.nextInt(spec.height()) - r, 2 * r, 2 * r);
        }
    }

    private List<Detection> paintShapes(Graphics2D g, SplittableRandom rnd, BufferedImage img) {
        List<Detection> truth = new ArrayList<>();
        int wanted = rnd.nextInt(spec.minObjects(), spec.maxObjects() + 1);
        ShapeClass[] classes = ShapeClass.values();
        // Rejection sampling keeps objects nearly apart, so every box has one right answer.
        for (int attempt = 0; truth.size() < wanted && attempt < wanted * 30; attempt++) {
            double logMin = Math.log(spec.minSize());
            double logMax = Math.log(spec.maxSize());
            int size = (int) Math.round(Math.exp(logMin + rnd.nextDouble() * (logMax - logMin)));
            int x = rnd.nextInt(0, spec.width() - size + 1);
            int y = rnd.nextInt(0, spec.height() - size + 1);
            ShapeClass cls = classes[rnd.nextInt(classes.length)];
            Detection box = new Detection(cls.ordinal(), cls.label(), 1f, x, y, x + size, y + size);
            if (truth.stream().anyMatch(t -> t.iou(box) > spec.maxOverlapIou())) {
                continue;
            }
            g.setColor(contrastingColor(rnd, img, x + size / 2, y + size / 2));
            g.fill(cls.outline(x, y, size));
            truth.add(box);
        }
        return truth;
    }

    /** A colour far enough from the background under the object's centre to be visible. */
    private static Color contrastingColor(SplittableRandom rnd, BufferedImage img, int cx, int cy) {
        Color bg = new Color(img.getRGB(Math.min(cx, img.getWidth() - 1), Math.min(cy, img.getHeight() - 1)));
        for (int i = 0; i < 20; i++) {
            Color c = randomColor(rnd);
            int d = Math.abs(c.getRed() - bg.getRed()) + Math.abs(c.getGreen() - bg.getGreen())
                    + Math.abs(c.getBlue() - bg.getBlue());
            if (d > 180) {
                return c;
            }
        }
        return bg.getRed() + bg.getGreen() + bg.getBlue() > 384 ? Color.BLACK : Color.WHITE;
    }

    /** Per-pixel Gaussian noise, as a camera sensor would add. */
    private static void addNoise(BufferedImage img, SplittableRandom rnd, double sigma) {
        java.util.Random gauss = new java.util.Random(rnd.nextLong());
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                int r = clamp(((rgb >> 16) & 0xff) + (int) Math.round(gauss.nextGaussian() * sigma));
                int gr = clamp(((rgb >> 8) & 0xff) + (int) Math.round(gauss.nextGaussian() * sigma));
                int b = clamp((rgb & 0xff) + (int) Math.round(gauss.nextGaussian() * sigma));
                img.setRGB(x, y, (r << 16) | (gr << 8) | b);
            }
        }
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static Color randomColor(SplittableRandom rnd) {
        return new Color(rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256));
    }

    private static Color withAlpha(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    /** SplitMix64 finaliser: neighbouring (seed, index) pairs get unrelated streams. */
    private static long mix(long seed, int index) {
        long z = seed * 0x9E3779B97F4A7C15L + index;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
