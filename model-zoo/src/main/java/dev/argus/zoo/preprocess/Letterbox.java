package dev.argus.zoo.preprocess;

import dev.argus.zoo.bundle.InputSpec;
import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * Draws an image of any size and type onto a reusable canvas of the network's input size: letterboxed
 * (aspect ratio kept, centred, the rest filled with the pad value) or, for models trained that way,
 * stretched. Alpha is dropped, grey becomes three equal channels.
 */
public final class Letterbox {

    private final InputSpec.Resize mode;
    private final BufferedImage canvas;
    private final Color pad;

    public Letterbox(InputSpec spec) {
        this.mode = spec.resize();
        this.canvas = new BufferedImage(spec.width(), spec.height(), BufferedImage.TYPE_INT_RGB);
        int p = Math.max(0, Math.min(255, Math.round(spec.padValue())));
        this.pad = new Color(p, p, p);
    }

    /**
     * Draws {@code image} onto the canvas and says where it went. The canvas is overwritten by the next
     * call; read it with {@link #pixels()} first.
     */
    public BoxMapping place(BufferedImage image) {
        BoxMapping mapping = mode == InputSpec.Resize.LETTERBOX
                ? BoxMapping.letterbox(image.getWidth(), image.getHeight(), canvas.getWidth(), canvas.getHeight())
                : BoxMapping.stretch(image.getWidth(), image.getHeight(), canvas.getWidth(), canvas.getHeight());
        BufferedImage source = image.getColorModel().hasAlpha() ? withoutAlpha(image) : image;
        Graphics2D g = canvas.createGraphics();
        try {
            g.setComposite(AlphaComposite.Src);
            g.setColor(pad);
            g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(source, Math.round(mapping.offsetX()), Math.round(mapping.offsetY()),
                    mapping.placedWidth(), mapping.placedHeight(), null);
        } finally {
            g.dispose();
        }
        return mapping;
    }

    /** The canvas as packed 0xRRGGBB ints, row-major; live, not a copy. */
    public int[] pixels() {
        return ((DataBufferInt) canvas.getRaster().getDataBuffer()).getData();
    }

    /** The canvas itself, e.g. to look at what the network sees. */
    public BufferedImage canvas() {
        return canvas;
    }

    private static BufferedImage withoutAlpha(BufferedImage image) {
        int w = image.getWidth();
        BufferedImage opaque = new BufferedImage(w, image.getHeight(), BufferedImage.TYPE_INT_RGB);
        int[] row = new int[w];
        for (int y = 0; y < image.getHeight(); y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            opaque.setRGB(0, y, w, 1, row, 0, w); // an opaque colour model keeps only the RGB bits
        }
        return opaque;
    }
}
