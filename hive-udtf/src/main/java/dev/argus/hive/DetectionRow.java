package dev.argus.hive;

import java.util.AbstractList;
import java.util.List;

import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspectorConverters.Converter;
import org.apache.hadoop.io.FloatWritable;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.Text;

/**
 * The one output row of {@code explode_detections}, reused for every detection. It knows which
 * detection of the current image it stands for and works a column out only when the next operator
 * reads it (through {@link DetectionRowInspector}), so forwarding a row costs what {@code inline()}'s
 * does. The geometry columns are worked out together, once per detection, into reused writables.
 *
 * <p>Moving the row on stores only ints and booleans, never a reference: in a long-lived object each
 * reference store pays the garbage collector's write barrier, which cost more than everything else
 * the row does (measured with {@code ProcessPathBenchmark}).
 */
final class DetectionRow {

    static final int POS = 0;
    static final int LABEL = 1;
    static final int Y2 = 7;
    static final int BOX_WIDTH = 8;
    static final int BOX_HEIGHT = 9;
    static final int AREA = 10;
    static final int CX = 11;
    static final int CY = 12;
    static final int SIZE_CLASS = 13;
    static final int COLUMNS = 14;

    /** Indexed by column, for the columns read straight from a struct field (LABEL to Y2). */
    private final DetectionFields.Field[] sources = new DetectionFields.Field[BOX_WIDTH];
    /** Turns a field into its output type: the identity when the table's type already matches. */
    private final Converter[] converters = new Converter[BOX_WIDTH];
    private final DetectionFields.Field x1;
    private final DetectionFields.Field y1;
    private final DetectionFields.Field x2;
    private final DetectionFields.Field y2;

    private final IntWritable pos = new IntWritable();
    private final FloatWritable boxWidth = new FloatWritable();
    private final FloatWritable boxHeight = new FloatWritable();
    private final FloatWritable area = new FloatWritable();
    private final FloatWritable cx = new FloatWritable();
    private final FloatWritable cy = new FloatWritable();
    private final Text[] sizeClasses = new Text[SizeClass.values().length];
    private final List<Object> allColumns = new AllColumns();

    /** The current image's detections, as its list inspector gave them: set once per image. */
    private List<?> detections;
    private int position;
    private boolean geometryKnown;
    private boolean hasBox;
    private int sizeClass;

    DetectionRow(DetectionFields fields) {
        DetectionFields.Field[] inOrder = {fields.label, fields.classId, fields.score,
                fields.x1, fields.y1, fields.x2, fields.y2};
        for (int column = LABEL; column <= Y2; column++) {
            sources[column] = inOrder[column - LABEL];
            // each column needs its own converter: a converting one reuses a single writable
            converters[column] = sources[column].newOutputConverter();
        }
        x1 = fields.x1;
        y1 = fields.y1;
        x2 = fields.x2;
        y2 = fields.y2;
        for (SizeClass size : SizeClass.values()) {
            sizeClasses[size.ordinal()] = new Text(size.label);
        }
    }

    void startImage(List<?> detections) {
        this.detections = detections;
    }

    /** Makes this row the one for the (non-null) detection struct at index {@code position}. */
    void moveTo(int position) {
        this.position = position;
        this.geometryKnown = false;
    }

    Object column(int column) {
        if (column == POS) {
            pos.set(position);
            return pos;
        }
        if (column <= Y2) {
            return converters[column].convert(sources[column].raw(detections.get(position)));
        }
        if (!geometryKnown) {
            workOutGeometry();
        }
        if (!hasBox) {
            return null;
        }
        return switch (column) {
            case BOX_WIDTH -> boxWidth;
            case BOX_HEIGHT -> boxHeight;
            case AREA -> area;
            case CX -> cx;
            case CY -> cy;
            case SIZE_CLASS -> sizeClasses[sizeClass];
            default -> throw new IndexOutOfBoundsException("explode_detections has no column " + column);
        };
    }

    /** Every column, in order, as a view: good until the row moves on, as Hive's reused rows are. */
    List<Object> columns() {
        return allColumns;
    }

    private void workOutGeometry() {
        geometryKnown = true;
        Object detection = detections.get(position);
        Object left = x1.raw(detection);
        Object top = y1.raw(detection);
        Object right = x2.raw(detection);
        Object bottom = y2.raw(detection);
        hasBox = left != null && top != null && right != null && bottom != null;
        if (!hasBox) {
            return;
        }
        float l = x1.floatOf(left);
        float t = y1.floatOf(top);
        float r = x2.floatOf(right);
        float b = y2.floatOf(bottom);
        float width = Math.max(0f, r - l);
        float height = Math.max(0f, b - t);
        float boxArea = width * height;
        boxWidth.set(width);
        boxHeight.set(height);
        area.set(boxArea);
        cx.set((l + r) / 2f);
        cy.set((t + b) / 2f);
        sizeClass = SizeClass.ofArea(boxArea).ordinal();
    }

    /** What LATERAL VIEW's join copies out of each row, in one go. */
    private final class AllColumns extends AbstractList<Object> {
        @Override
        public Object get(int column) {
            return column(column);
        }

        @Override
        public int size() {
            return COLUMNS;
        }

        @Override
        public Object[] toArray() {
            Object[] columns = new Object[COLUMNS];
            for (int column = 0; column < COLUMNS; column++) {
                columns[column] = column(column);
            }
            return columns;
        }
    }
}
