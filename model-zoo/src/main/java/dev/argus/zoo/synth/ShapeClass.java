package dev.argus.zoo.synth;

import java.awt.Polygon;
import java.awt.Shape;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.List;

/** The object classes of the synthetic "shapes" task, each able to draw itself inside a square box. */
public enum ShapeClass {
    CIRCLE, SQUARE, TRIANGLE, CROSS;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static List<String> labels() {
        return java.util.Arrays.stream(values()).map(ShapeClass::label).toList();
    }

    /** The outline filling the box (x, y, size, size); its bounding box is the box itself. */
    Shape outline(double x, double y, double size) {
        return switch (this) {
            case CIRCLE -> new Ellipse2D.Double(x, y, size, size);
            case SQUARE -> new Rectangle2D.Double(x, y, size, size);
            case TRIANGLE -> new Polygon(
                    new int[] {(int) Math.round(x + size / 2), (int) Math.round(x + size), (int) Math.round(x)},
                    new int[] {(int) Math.round(y), (int) Math.round(y + size), (int) Math.round(y + size)}, 3);
            case CROSS -> {
                double bar = size / 3;
                Area a = new Area(new Rectangle2D.Double(x + bar, y, bar, size));
                a.add(new Area(new Rectangle2D.Double(x, y + bar, size, bar)));
                yield a;
            }
        };
    }
}
