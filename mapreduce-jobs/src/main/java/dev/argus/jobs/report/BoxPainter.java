package dev.argus.jobs.report;

import dev.argus.layout.avro.Detection;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * Draws detections onto a thumbnail of their image: a box per detection in its class's colour, with
 * "label score" on a filled tab above it. The thumbnail keeps the aspect ratio, at most
 * {@code maxWidth} wide, so a report of large photos stays small.
 */
final class BoxPainter {

    private final int maxWidth;

    BoxPainter(int maxWidth) {
        this.maxWidth = maxWidth;
    }

    BufferedImage paint(BufferedImage original, List<Detection> detections) {
        double scale = Math.min(1.0, (double) maxWidth / original.getWidth());
        int w = Math.max(1, (int) Math.round(original.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(original.getHeight() * scale));
        BufferedImage thumb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = thumb.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.drawImage(original, 0, 0, w, h, null);
            g.setStroke(new BasicStroke(2f));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
            FontMetrics metrics = g.getFontMetrics();
            // lowest score first, so the most confident boxes end up on top
            for (int i = detections.size() - 1; i >= 0; i--) {
                Detection d = detections.get(i);
                Color colour = colourOf(d.getClassId());
                int x1 = (int) Math.round(d.getX1() * scale);
                int y1 = (int) Math.round(d.getY1() * scale);
                int x2 = (int) Math.round(d.getX2() * scale);
                int y2 = (int) Math.round(d.getY2() * scale);
                g.setColor(colour);
                g.drawRect(x1, y1, Math.max(1, x2 - x1), Math.max(1, y2 - y1));
                String text = String.format(Locale.ROOT, "%s %.2f", d.getLabel(), d.getScore());
                int tw = metrics.stringWidth(text) + 6;
                int th = metrics.getHeight();
                int ty = y1 - th >= 0 ? y1 - th : y1; // inside the box when it touches the top edge
                g.fillRect(x1, ty, tw, th);
                g.setColor(Color.WHITE);
                g.drawString(text, x1 + 3, ty + metrics.getAscent());
            }
        } finally {
            g.dispose();
        }
        return thumb;
    }

    /** A stable, well-separated colour per class: golden-ratio steps around the hue circle. */
    static Color colourOf(int classId) {
        float hue = (float) ((classId * 0.618033988749895) % 1.0);
        return Color.getHSBColor(hue, 0.85f, 0.85f);
    }
}
